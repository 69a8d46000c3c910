/**
 * The word list behind the English → Korean dataset: Tensorloom's own small bilingual lexicon. Korean
 * verbs and adjectives are written out in the formal polite style (-ㅂ니다/-습니다), present and past, by
 * hand, because their conjugation is irregular; particles (을/를, 이/가, 은/는) are not written here —
 * es-hangul chooses them from the final consonant when a sentence is rendered. Nouns are chosen so that
 * none needs an honorific verb (교사 rather than 선생님 for “teacher”).
 */

export type NounClass = 'food' | 'drink' | 'readable' | 'writable' | 'animal' | 'person' | 'profession' | 'thing' | 'vehicle';

export interface Noun {
  en: string;
  /** English plural, when not en + 's'. */
  plural?: string;
  ko: string;
  classes: readonly NounClass[];
  /** Korean counter for “three apples” (사과 세 개); nouns without one never take a number. */
  counter?: string;
  /** Uncountable (water, coffee): no article; numbers go through “cups of”. */
  mass?: boolean;
}

const food = (en: string, ko: string, plural?: string): Noun => ({ en, ko, plural, classes: ['food'], counter: '개' });
const drink = (en: string, ko: string): Noun => ({ en, ko, classes: ['drink'], counter: '잔', mass: true });
const animal = (en: string, ko: string, plural?: string): Noun => ({ en, ko, plural, classes: ['animal'], counter: '마리' });
const person = (en: string, ko: string, plural?: string, profession = true): Noun => ({
  en,
  ko,
  plural,
  classes: profession ? ['person', 'profession'] : ['person'],
  counter: '명',
});
const thing = (en: string, ko: string, plural?: string): Noun => ({ en, ko, plural, classes: ['thing'], counter: '개' });

export const NOUNS: readonly Noun[] = [
  food('apple', '사과'),
  food('banana', '바나나'),
  food('orange', '오렌지'),
  food('egg', '달걀'),
  food('cake', '케이크'),
  food('sandwich', '샌드위치', 'sandwiches'),
  food('tomato', '토마토', 'tomatoes'),
  food('potato', '감자', 'potatoes'),
  food('cookie', '쿠키'),
  food('peach', '복숭아', 'peaches'),
  drink('water', '물'),
  drink('milk', '우유'),
  drink('tea', '차'),
  drink('coffee', '커피'),
  drink('juice', '주스'),
  { en: 'book', ko: '책', classes: ['readable'], counter: '권' },
  { en: 'novel', ko: '소설', classes: ['readable', 'writable'], counter: '권' },
  { en: 'magazine', ko: '잡지', classes: ['readable'], counter: '권' },
  { en: 'newspaper', ko: '신문', classes: ['readable'] },
  { en: 'letter', ko: '편지', classes: ['readable', 'writable'] },
  { en: 'poem', ko: '시', classes: ['readable', 'writable'] },
  { en: 'story', ko: '이야기', plural: 'stories', classes: ['readable', 'writable'] },
  { en: 'report', ko: '보고서', classes: ['readable', 'writable'] },
  animal('dog', '개'),
  animal('cat', '고양이'),
  animal('bird', '새'),
  animal('horse', '말'),
  animal('rabbit', '토끼'),
  animal('fish', '물고기', 'fish'),
  animal('cow', '소'),
  animal('tiger', '호랑이'),
  animal('duck', '오리'),
  animal('monkey', '원숭이'),
  person('student', '학생'),
  person('teacher', '교사'),
  person('doctor', '의사'),
  person('nurse', '간호사'),
  person('cook', '요리사'),
  person('singer', '가수'),
  person('farmer', '농부'),
  person('writer', '작가'),
  person('painter', '화가'),
  person('driver', '운전사'),
  person('engineer', '엔지니어'),
  person('child', '아이', 'children', false),
  person('friend', '친구', undefined, false),
  person('baby', '아기', 'babies', false),
  thing('bag', '가방'),
  thing('pen', '펜'),
  thing('umbrella', '우산'),
  thing('chair', '의자'),
  thing('desk', '책상'),
  thing('hat', '모자'),
  thing('watch', '시계', 'watches'),
  thing('computer', '컴퓨터'),
  thing('ball', '공'),
  thing('box', '상자', 'boxes'),
  thing('cup', '컵'),
  thing('key', '열쇠'),
  { en: 'car', ko: '자동차', classes: ['thing', 'vehicle'], counter: '대' },
  { en: 'bicycle', ko: '자전거', classes: ['thing', 'vehicle'], counter: '대' },
];

export interface Pronoun {
  en: string;
  /** The Korean pronoun with its topic particle, as it opens a sentence. */
  ko: string;
  /** Which English verb and copula forms agree with it. */
  person: 'first' | 'second' | 'third' | 'plural';
}

export const PRONOUNS: readonly Pronoun[] = [
  { en: 'I', ko: '저는', person: 'first' },
  { en: 'you', ko: '당신은', person: 'second' },
  { en: 'he', ko: '그는', person: 'third' },
  { en: 'she', ko: '그녀는', person: 'third' },
  { en: 'we', ko: '우리는', person: 'plural' },
  { en: 'they', ko: '그들은', person: 'plural' },
];

export interface Verb {
  base: string;
  third: string;
  past: string;
  /** Formal polite present and past; may be two words (가지고 있습니다). */
  ko: readonly [present: string, past: string];
  objects: readonly NounClass[];
  /** Nouns the verb accepts even outside `objects` (make a cake, make a chair). */
  only?: readonly string[];
  /** Places where the action happens, for “S V O at P”. */
  places?: readonly string[];
}

export const TRANSITIVE_VERBS: readonly Verb[] = [
  { base: 'eat', third: 'eats', past: 'ate', ko: ['먹습니다', '먹었습니다'], objects: ['food'], places: ['restaurant', 'cafe', 'home', 'park', 'kitchen'] },
  { base: 'drink', third: 'drinks', past: 'drank', ko: ['마십니다', '마셨습니다'], objects: ['drink'], places: ['cafe', 'restaurant', 'home', 'kitchen'] },
  { base: 'read', third: 'reads', past: 'read', ko: ['읽습니다', '읽었습니다'], objects: ['readable'], places: ['library', 'home', 'cafe', 'school', 'park'] },
  { base: 'write', third: 'writes', past: 'wrote', ko: ['씁니다', '썼습니다'], objects: ['writable'], places: ['home', 'office', 'library', 'cafe'] },
  { base: 'buy', third: 'buys', past: 'bought', ko: ['삽니다', '샀습니다'], objects: ['food', 'drink', 'readable', 'thing', 'animal'], places: ['market', 'store'] },
  { base: 'sell', third: 'sells', past: 'sold', ko: ['팝니다', '팔았습니다'], objects: ['food', 'drink', 'readable', 'thing'], places: ['market', 'store'] },
  { base: 'see', third: 'sees', past: 'saw', ko: ['봅니다', '봤습니다'], objects: ['animal', 'person', 'thing'], places: ['park', 'zoo', 'farm', 'station'] },
  { base: 'like', third: 'likes', past: 'liked', ko: ['좋아합니다', '좋아했습니다'], objects: ['food', 'drink', 'readable', 'animal', 'person', 'thing'] },
  { base: 'want', third: 'wants', past: 'wanted', ko: ['원합니다', '원했습니다'], objects: ['food', 'drink', 'readable', 'animal', 'thing'] },
  { base: 'have', third: 'has', past: 'had', ko: ['가지고 있습니다', '가지고 있었습니다'], objects: ['readable', 'animal', 'thing'] },
  { base: 'make', third: 'makes', past: 'made', ko: ['만듭니다', '만들었습니다'], objects: [], only: ['cake', 'sandwich', 'cookie', 'chair', 'desk', 'hat', 'box'], places: ['kitchen', 'home'] },
  { base: 'find', third: 'finds', past: 'found', ko: ['찾습니다', '찾았습니다'], objects: ['animal', 'thing'], places: ['park', 'garden', 'room'] },
  { base: 'meet', third: 'meets', past: 'met', ko: ['만납니다', '만났습니다'], objects: ['person'], places: ['park', 'cafe', 'station', 'school', 'restaurant'] },
  { base: 'help', third: 'helps', past: 'helped', ko: ['돕습니다', '도왔습니다'], objects: ['person'], places: ['hospital', 'school', 'office'] },
  { base: 'draw', third: 'draws', past: 'drew', ko: ['그립니다', '그렸습니다'], objects: ['animal', 'thing'], places: ['park', 'classroom', 'home'] },
  { base: 'love', third: 'loves', past: 'loved', ko: ['사랑합니다', '사랑했습니다'], objects: ['person', 'animal'] },
  { base: 'carry', third: 'carries', past: 'carried', ko: ['나릅니다', '날랐습니다'], objects: [], only: ['box', 'bag', 'chair', 'desk', 'computer'], places: ['office', 'station', 'school'] },
];

export interface IntransitiveVerb {
  base: string;
  third: string;
  past: string;
  ko: readonly [present: string, past: string];
  /** “to P” (P에: going and coming) or “at P” (P에서: doing something there). */
  preposition: 'to' | 'at';
  places: readonly string[];
}

const TRAVEL = ['school', 'library', 'park', 'market', 'hospital', 'office', 'restaurant', 'cafe', 'station', 'home', 'bank', 'store', 'beach', 'airport', 'museum', 'zoo', 'Seoul', 'Busan', 'Tokyo', 'London', 'Paris'];

export const INTRANSITIVE_VERBS: readonly IntransitiveVerb[] = [
  { base: 'go', third: 'goes', past: 'went', ko: ['갑니다', '갔습니다'], preposition: 'to', places: TRAVEL },
  { base: 'come', third: 'comes', past: 'came', ko: ['옵니다', '왔습니다'], preposition: 'to', places: TRAVEL },
  { base: 'study', third: 'studies', past: 'studied', ko: ['공부합니다', '공부했습니다'], preposition: 'at', places: ['school', 'library', 'home', 'cafe', 'classroom'] },
  { base: 'work', third: 'works', past: 'worked', ko: ['일합니다', '일했습니다'], preposition: 'at', places: ['office', 'hospital', 'school', 'restaurant', 'market', 'farm', 'bank', 'store', 'museum', 'airport'] },
  { base: 'sleep', third: 'sleeps', past: 'slept', ko: ['잡니다', '잤습니다'], preposition: 'at', places: ['home', 'hotel'] },
  { base: 'swim', third: 'swims', past: 'swam', ko: ['수영합니다', '수영했습니다'], preposition: 'at', places: ['beach', 'pool', 'river'] },
  { base: 'play', third: 'plays', past: 'played', ko: ['놉니다', '놀았습니다'], preposition: 'at', places: ['park', 'home', 'beach', 'garden'] },
  { base: 'rest', third: 'rests', past: 'rested', ko: ['쉽니다', '쉬었습니다'], preposition: 'at', places: ['home', 'park', 'hotel', 'cafe'] },
  { base: 'live', third: 'lives', past: 'lived', ko: ['삽니다', '살았습니다'], preposition: 'at', places: ['Seoul', 'Busan', 'Tokyo', 'London', 'Paris'] },
];

export interface Place {
  id: string;
  ko: string;
  /** English phrases for “go …”, “work …” and “there is a cat …”. */
  to: string;
  at: string;
  in: string;
}

const place = (id: string, ko: string, over: Partial<Omit<Place, 'id' | 'ko'>> = {}): Place => ({
  id,
  ko,
  to: `to the ${id}`,
  at: `at the ${id}`,
  in: `in the ${id}`,
  ...over,
});
/** Rooms and gardens: one is “in”, never “at”, the kitchen. */
const inside = (id: string, ko: string): Place => place(id, ko, { at: `in the ${id}` });
const city = (id: string, ko: string): Place => place(id, ko, { to: `to ${id}`, at: `in ${id}`, in: `in ${id}` });

export const PLACES: readonly Place[] = [
  place('school', '학교'),
  place('library', '도서관'),
  place('park', '공원'),
  place('market', '시장'),
  place('hospital', '병원'),
  place('office', '사무실'),
  place('restaurant', '식당'),
  place('cafe', '카페'),
  place('station', '역', { in: 'at the station' }),
  place('home', '집', { to: 'home', at: 'at home', in: 'at home' }),
  place('hotel', '호텔'),
  place('beach', '해변'),
  place('pool', '수영장'),
  place('river', '강', { at: 'in the river' }),
  place('farm', '농장'),
  place('bank', '은행'),
  place('store', '가게'),
  place('airport', '공항'),
  place('museum', '박물관'),
  place('zoo', '동물원'),
  inside('classroom', '교실'),
  inside('kitchen', '부엌'),
  inside('garden', '정원'),
  inside('room', '방'),
  city('Seoul', '서울'),
  city('Busan', '부산'),
  city('Tokyo', '도쿄'),
  city('London', '런던'),
  city('Paris', '파리'),
];

/** Where someone or something can be found (“there is a cat in the garden”). */
export const LOCATIONS: readonly string[] = ['room', 'garden', 'park', 'kitchen', 'classroom', 'home', 'library', 'school', 'office', 'station'];

export interface Adjective {
  en: string;
  /** Before a noun (큰 가방). */
  attributive: string;
  /** As the predicate, present and past (가방은 큽니다 / 컸습니다). */
  ko: readonly [present: string, past: string];
  /** Nouns it describes; 'self' lets it describe a pronoun (I am tired). */
  classes: readonly (NounClass | 'self')[];
}

export const ADJECTIVES: readonly Adjective[] = [
  { en: 'big', attributive: '큰', ko: ['큽니다', '컸습니다'], classes: ['food', 'animal', 'thing'] },
  { en: 'small', attributive: '작은', ko: ['작습니다', '작았습니다'], classes: ['food', 'animal', 'thing'] },
  { en: 'good', attributive: '좋은', ko: ['좋습니다', '좋았습니다'], classes: ['readable', 'thing', 'food'] },
  { en: 'pretty', attributive: '예쁜', ko: ['예쁩니다', '예뻤습니다'], classes: ['animal', 'thing', 'person'] },
  { en: 'expensive', attributive: '비싼', ko: ['비쌉니다', '비쌌습니다'], classes: ['food', 'drink', 'readable', 'thing'] },
  { en: 'cheap', attributive: '싼', ko: ['쌉니다', '쌌습니다'], classes: ['food', 'drink', 'readable', 'thing'] },
  { en: 'delicious', attributive: '맛있는', ko: ['맛있습니다', '맛있었습니다'], classes: ['food', 'drink'] },
  { en: 'fresh', attributive: '신선한', ko: ['신선합니다', '신선했습니다'], classes: ['food'] },
  { en: 'sweet', attributive: '달콤한', ko: ['달콤합니다', '달콤했습니다'], classes: ['food', 'drink'] },
  { en: 'hot', attributive: '뜨거운', ko: ['뜨겁습니다', '뜨거웠습니다'], classes: ['drink'] },
  { en: 'cold', attributive: '차가운', ko: ['차갑습니다', '차가웠습니다'], classes: ['drink'] },
  { en: 'heavy', attributive: '무거운', ko: ['무겁습니다', '무거웠습니다'], classes: ['thing'] },
  { en: 'light', attributive: '가벼운', ko: ['가볍습니다', '가벼웠습니다'], classes: ['thing'] },
  { en: 'fast', attributive: '빠른', ko: ['빠릅니다', '빨랐습니다'], classes: ['animal', 'vehicle'] },
  { en: 'slow', attributive: '느린', ko: ['느립니다', '느렸습니다'], classes: ['animal', 'vehicle'] },
  { en: 'cute', attributive: '귀여운', ko: ['귀엽습니다', '귀여웠습니다'], classes: ['animal'] },
  { en: 'interesting', attributive: '재미있는', ko: ['재미있습니다', '재미있었습니다'], classes: ['readable'] },
  { en: 'kind', attributive: '친절한', ko: ['친절합니다', '친절했습니다'], classes: ['person', 'self'] },
  { en: 'busy', attributive: '바쁜', ko: ['바쁩니다', '바빴습니다'], classes: ['person', 'self'] },
  { en: 'tired', attributive: '피곤한', ko: ['피곤합니다', '피곤했습니다'], classes: ['person', 'self'] },
  { en: 'happy', attributive: '행복한', ko: ['행복합니다', '행복했습니다'], classes: ['person', 'self'] },
  { en: 'hungry', attributive: '배고픈', ko: ['배고픕니다', '배고팠습니다'], classes: ['person', 'self', 'animal'] },
  { en: 'smart', attributive: '똑똑한', ko: ['똑똑합니다', '똑똑했습니다'], classes: ['person', 'self', 'animal'] },
];

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** English number words for 0..99 (“twenty-one”). */
export function englishNumber(n: number): string {
  if (n < 20) return ONES[n];
  const tens = TENS[Math.floor(n / 10)];
  return n % 10 === 0 ? tens : `${tens}-${ONES[n % 10]}`;
}
