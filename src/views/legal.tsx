import type { LegalNotice, LegalPageKind } from '../config/wiki-settings.js';
import { Layout } from './layout.js';
import type { Lang } from './messages.js';
import { messagesFor } from './messages.js';
import type { SiteView } from './model.js';

export type { LegalPageKind } from '../config/wiki-settings.js';

export interface LegalViewProps {
  site: SiteView;
  kind: LegalPageKind;
  /** Where readers can write (the wiki's list address), if known. */
  contact?: string;
  /** Who publishes the site (`.feuillet.yml`: publisher, publication_director, hosting_provider…). */
  legal?: LegalNotice;
}

const RECOURSE = 'https://www.defenseurdesdroits.fr/saisir-le-defenseur-des-droits';

function Accessibility(props: { lang: Lang; site: SiteView; contact?: string }) {
  const status = messagesFor(props.lang).accessibilityStatus[props.site.accessibility];
  if (props.lang === 'en') {
    return (
      <>
        <p>
          The site <strong>{props.site.title}</strong> is <strong>{status}</strong> with the French accessibility standard
          (RGAA 4.1, which follows WCAG 2.1 level AA).
        </p>
        <h2>Feedback and contact</h2>
        <p>
          If you cannot reach a content or a service, write to us{props.contact ? <> at <a href={`mailto:${props.contact}`}>{props.contact}</a></> : null}:
          we will answer within a week and give you the information in another form.
        </p>
        <h2>Recourse</h2>
        <p>
          If you have told us of a problem and got no satisfying answer, you may contact the{' '}
          <a href={RECOURSE}>Défenseur des droits</a>.
        </p>
      </>
    );
  }
  return (
    <>
      <p>
        Le site <strong>{props.site.title}</strong> est <strong>{status}</strong> avec le référentiel général d’amélioration
        de l’accessibilité (RGAA 4.1, qui reprend le niveau AA des WCAG 2.1).
      </p>
      <h2>Retour d’information et contact</h2>
      <p>
        Si vous n’arrivez pas à accéder à un contenu ou à un service, écrivez-nous
        {props.contact ? <> à <a href={`mailto:${props.contact}`}>{props.contact}</a></> : null} : nous vous répondrons
        sous une semaine et vous fournirons l’information sous une autre forme.
      </p>
      <h2>Voies de recours</h2>
      <p>
        Si vous nous avez signalé un défaut d’accessibilité sans obtenir de réponse satisfaisante, vous pouvez saisir
        le <a href={RECOURSE}>Défenseur des droits</a>.
      </p>
    </>
  );
}

/** The `.feuillet.yml` keys the publisher fills in, named where one is missing. */
const LEGAL_KEYS = { publisher: 'publisher', publisherAddress: 'publisher_address', publicationDirector: 'publication_director', hostingProvider: 'hosting_provider' } as const;

const LEGAL_LABELS: Record<Lang, Record<keyof typeof LEGAL_KEYS | 'contact', string>> = {
  fr: { publisher: 'Éditeur', publisherAddress: 'Adresse', publicationDirector: 'Direction de la publication', hostingProvider: 'Hébergement', contact: 'Contact' },
  en: { publisher: 'Publisher', publisherAddress: 'Address', publicationDirector: 'Director of publication', hostingProvider: 'Hosting', contact: 'Contact' },
};

function Mail(props: { address: string }) {
  return <a href={`mailto:${props.address}`}>{props.address}</a>;
}

function Legal(props: { lang: Lang; site: SiteView; legal?: LegalNotice }) {
  const { lang, legal } = props;
  const labels = LEGAL_LABELS[lang];
  const keys = Object.keys(LEGAL_KEYS) as (keyof typeof LEGAL_KEYS)[];
  const missing = keys.filter((key) => legal?.[key] === undefined).map((key) => LEGAL_KEYS[key]);
  return (
    <>
      {lang === 'en' ? (
        <p>
          This wiki is published with Feuillet. Its contents are written by its contributors
          {props.site.licence ? <> and published under {props.site.licence.name}</> : null}.
        </p>
      ) : (
        <p>
          Ce wiki est publié avec Feuillet. Ses contenus sont écrits par ses contributeurs et contributrices
          {props.site.licence ? <> et publiés sous {props.site.licence.name}</> : null}.
        </p>
      )}
      <dl class="legal-notice">
        {keys.map((key) =>
          legal?.[key] === undefined ? null : (
            <>
              <dt>{labels[key]}</dt>
              <dd>{legal[key]}</dd>
            </>
          ),
        )}
        {legal ? (
          <>
            <dt>{labels.contact}</dt>
            <dd>
              <Mail address={legal.contact} />
            </dd>
          </>
        ) : null}
      </dl>
      {missing.length === 0 ? null : lang === 'en' ? (
        <p class="legal-missing" role="note">
          The publisher of the site has not yet given: {missing.map((key, i) => <>{i > 0 ? ', ' : ''}<code>{key}</code></>)} (settings of the
          wiki’s <code>.feuillet.yml</code> file).
        </p>
      ) : (
        <p class="legal-missing" role="note">
          L’éditeur du site n’a pas encore renseigné : {missing.map((key, i) => <>{i > 0 ? ', ' : ''}<code>{key}</code></>)} (réglages du fichier{' '}
          <code>.feuillet.yml</code> du wiki).
        </p>
      )}
    </>
  );
}

const CNIL = 'https://www.cnil.fr/fr/plaintes';

function PersonalData(props: { lang: Lang; legal?: LegalNotice }) {
  const contact = props.legal?.personalDataContact;
  return props.lang === 'en' ? (
    <>
      <p>
        Reading this wiki sets no cookie and sends nothing to other sites: no tracker, no external font or script. The
        server keeps the technical logs its operator configures. Contributions (patches, edits) are public and carry the
        name and address their authors give, as in any git history.
      </p>
      {contact ? (
        <p>
          To exercise your rights over your personal data (access, correction, erasure), write to <Mail address={contact} />. If
          you get no satisfying answer, you may complain to the <a href={CNIL}>CNIL</a>.
        </p>
      ) : null}
    </>
  ) : (
    <>
      <p>
        Lire ce wiki ne dépose aucun cookie et n’envoie rien à d’autres sites : ni traceur, ni police ou script externe. Le
        serveur conserve les journaux techniques que son exploitant configure. Les contributions (correctifs,
        modifications) sont publiques et portent le nom et l’adresse que leurs auteurs donnent, comme tout historique git.
      </p>
      {contact ? (
        <p>
          Pour exercer vos droits sur vos données personnelles (accès, rectification, effacement), écrivez à{' '}
          <Mail address={contact} />. Sans réponse satisfaisante, vous pouvez adresser une réclamation à la{' '}
          <a href={CNIL}>CNIL</a>.
        </p>
      ) : null}
    </>
  );
}

const TITLES: Record<LegalPageKind, Record<Lang, string>> = {
  accessibilite: { fr: 'Déclaration d’accessibilité', en: 'Accessibility statement' },
  'mentions-legales': { fr: 'Mentions légales', en: 'Legal notice' },
  'donnees-personnelles': { fr: 'Données personnelles', en: 'Personal data' },
};

/** The pages every French public website must link from each page, from a template filled by the settings. */
export function LegalView(props: LegalViewProps) {
  const lang = props.site.lang;
  return (
    <Layout site={props.site} title={TITLES[props.kind][lang]} crumbs={[{ label: props.site.title, href: `${props.site.basePath}/` }]}>
      {props.kind === 'accessibilite' ? (
        <Accessibility lang={lang} site={props.site} contact={props.contact} />
      ) : props.kind === 'mentions-legales' ? (
        <Legal lang={lang} site={props.site} legal={props.legal} />
      ) : (
        <PersonalData lang={lang} legal={props.legal} />
      )}
    </Layout>
  );
}
