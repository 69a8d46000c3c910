import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listDatasets } from '../../engine';
import { koDatasets } from '../i18n/content.ko';
import { dataBaseUrl } from './dataBaseUrl';
import { FontCredits } from './FontCredits';

interface Credit {
  id: string;
  name: string;
  source: string;
  licence: string;
  package?: string;
  version?: string;
  citation?: string;
}

/** Where every bundled dataset comes from and under which licence (the build's credits.json, else the dataset infos). */
export function AboutData() {
  const { t, i18n } = useTranslation();
  const [credits, setCredits] = useState<Credit[] | null>(null);
  useEffect(() => {
    let cancelled = false;
    fetch(new URL('credits.json', dataBaseUrl()))
      .then((r) => (r.ok ? r.json() : null))
      .then((list: unknown) => {
        if (!cancelled && Array.isArray(list)) setCredits(list as Credit[]);
      })
      .catch(() => {
        // Without the build's credits file the dataset infos below still name source and licence.
      });
    return () => {
      cancelled = true;
    };
  }, []);
  const rows: Credit[] = (credits ?? listDatasets().map((d) => ({ id: d.id, name: d.name, source: d.source, licence: d.licence, citation: d.citation }))).map(
    (c) => {
      // The build's credits name the same bundled datasets by id: their words in the UI language; citations stay as published.
      const local = i18n.language === 'ko' ? koDatasets[c.id] : undefined;
      return local ? { ...c, name: local.name, source: local.source, licence: local.licence } : c;
    },
  );
  return (
    <div className="studio-about">
      <table className="studio-about-table">
        <thead>
          <tr>
            <th>{t('studio.about.dataset')}</th>
            <th>{t('studio.about.source')}</th>
            <th>{t('studio.about.licence')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td>
              <td>
                {c.source}
                {c.citation && <div className="muted">{c.citation}</div>}
              </td>
              <td>{c.licence}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <FontCredits />
    </div>
  );
}
