/** Where the web build serves the bundled data files: `./data/` next to the page. */
export function dataBaseUrl(): string {
  return new URL('./data/', document.baseURI).href;
}
