import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BUNDLED_FONTS } from './bundledFonts';
import './studioViews.css';

/** The font the app ships, where it comes from, and its licence (the full text opens in place). */
export function FontCredits() {
  const { t } = useTranslation();
  return (
    <>
      <h4 className="studio-about-heading">{t('studio.about.fonts')}</h4>
      <table className="studio-about-table" data-credits="fonts">
        <thead>
          <tr>
            <th>{t('studio.about.font')}</th>
            <th>{t('studio.about.source')}</th>
            <th>{t('studio.about.licence')}</th>
          </tr>
        </thead>
        <tbody>
          {BUNDLED_FONTS.map((f) => (
            <tr key={f.name}>
              <td>{f.name}</td>
              <td>
                {t(f.sourceKey)} ({f.package})<div className="muted">{f.copyright}</div>
                <div className="muted">{t('studio.about.fontWhy')}</div>
              </td>
              <td>
                <LicenceText title={f.licence} file={f.licenceFile} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The licence's full text, read from the page's folder when the learner opens it (the desktop app opens no other window). */
function LicenceText({ title, file }: { title: string; file: string }) {
  const [text, setText] = useState<string | null>(null);
  return (
    <details
      onToggle={(e) => {
        if (!(e.currentTarget as HTMLDetailsElement).open || text !== null) return;
        fetch(new URL(file, document.baseURI))
          .then((r) => (r.ok ? r.text() : ''))
          .then(setText)
          .catch(() => setText(''));
      }}
    >
      <summary>{title}</summary>
      {text && <pre className="studio-licence-text">{text}</pre>}
    </details>
  );
}
