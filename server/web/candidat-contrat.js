// The candidate's contract: shown in the page (the PDF itself, fetched with
// the session and displayed from a blob: URL, plus its key terms), then
// signed after an explicit consent and the password typed again.
import { api, apiBlob, CONTRACT_STATE_FR, dateFr, el, saveBlob, showErrors, typo } from './app.js';

let shownKey = '';

// The candidate's contract (GET /api/v1/candidates/{id}/contract), or null
// while none was issued (404).
async function contractOf(dossier) {
  try {
    return await api('GET', '/api/v1/candidates/' + dossier.candidate.id + '/contract');
  } catch (error) {
    if (error.status === 404) return null;
    throw error;
  }
}

const EUROS = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

function terms(contract) {
  const e = contract.engagement || {};
  const rows = [
    ['Référence', contract.reference],
    ['État', CONTRACT_STATE_FR[contract.state] || contract.state],
    ['Année universitaire', e.academic_year],
    ['Date d’effet', e.effective_date ? dateFr(e.effective_date) : null],
    ['Allocation mensuelle brute', e.monthly_allocation_eur ? EUROS.format(e.monthly_allocation_eur) : null],
    ['Mois d’allocation prévus', e.allocation_months ? String(e.allocation_months) : null],
    ['Engagement d’exercice', e.engagement_months ? e.engagement_months + ' mois en zone sous-dense' : null],
  ].filter(([, value]) => value);
  return el('dl', { class: 'termes' }, rows.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

// The consent step and password re-entry; `what` names the document
// ("le contrat CESP-…"), `suffix` keeps the ids unique on the page.
export function signForm({ what, url, suffix = '', label = 'Signer le contrat' }, summary, onSigned) {
  const ids = { consent: 'consentement' + suffix, password: 'mot-de-passe-signature' + suffix };
  const consent = el('input', { type: 'checkbox', id: ids.consent, required: true });
  const password = el('input', { type: 'password', id: ids.password, autocomplete: 'current-password',
                                 required: true, 'aria-describedby': ids.password + '-aide' });
  const button = el('button', { type: 'submit', id: 'signer' + suffix }, label);
  const status = el('p', { class: 'statut', role: 'status', 'aria-live': 'polite', tabindex: '-1' });
  const form = el('form', { class: 'carte', id: 'signature' + suffix, novalidate: true },
    el('h3', {}, 'Signer électroniquement'),
    el('label', { class: 'case', for: ids.consent }, consent,
       el('span', {}, 'J’ai lu ' + what + ' et je l’accepte. Je comprends que ma signature ' +
          'électronique m’engage comme une signature manuscrite.')),
    el('label', { for: ids.password }, 'Mot de passe'),
    el('span', { class: 'aide', id: ids.password + '-aide' },
       'Saisissez à nouveau votre mot de passe pour confirmer que c’est bien vous qui signez.'),
    password, el('div', {}, button), status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problems = [];
    if (!consent.checked) problems.push({ field: ids.consent, message: 'Cochez la case pour accepter ' + what + '.' });
    if (!password.value) problems.push({ field: ids.password, message: 'Saisissez votre mot de passe.' });
    if (problems.length) {
      showErrors(summary, problems);
      return;
    }
    showErrors(summary, []);
    button.disabled = true;
    status.textContent = typo('Signature en cours…');
    try {
      await api('POST', url, { password: password.value, consent: true });
      password.value = '';
      onSigned();
    } catch (error) {
      button.disabled = false;
      status.textContent = '';
      password.value = '';
      showErrors(summary, [{ field: ids.password, message: error.message }]);
    }
  });
  return form;
}

// The PDF in the page (from a blob: URL, the session being a bearer token)
// and a download button.
export async function pdfViewer(url, reference, title = 'Contrat') {
  const frame = el('iframe', { class: 'contrat-pdf', title: title + ' ' + reference + ' (PDF)' });
  const download = el('button', { type: 'button', class: 'secondaire' }, 'Télécharger le document (PDF)');
  try {
    const blob = await apiBlob(url);
    const pdf = new Blob([blob], { type: 'application/pdf' });
    frame.src = URL.createObjectURL(pdf);
    download.addEventListener('click', () => saveBlob(pdf, reference + '.pdf'));
    return el('div', {}, frame, download);
  } catch (error) {
    return el('p', {}, 'Le document n’a pas pu être affiché : ' + error.message);
  }
}

const AVENANT_FR = {
  postponed_installation: 'report de l’installation',
  suspension: 'suspension de l’allocation',
  bank_details_change: 'changement de coordonnées bancaires',
  termination: 'résiliation',
};

// The contract's avenants and installation validations (one request).
async function documentsOf(contract) {
  try {
    return await api('GET', '/api/v1/contracts/' + contract.id + '/avenants');
  } catch (error) {
    return [];  // no avenant route: nothing to show
  }
}

// Avenants of the contract: the ones waiting for the candidate's signature
// are shown with their PDF and the signature step; the others are listed.
async function avenantsToSign(documents, summary, onSigned) {
  documents = documents.filter((d) => d.kind === 'avenant');
  if (!documents.length) return null;
  const blocks = [el('h3', { id: 'avenants-titre' }, 'Avenants')];
  for (const d of documents) {
    const what = 'l’avenant ' + d.reference + ' (' + (AVENANT_FR[d.subkind] || d.subkind) + ')';
    if (d.next && d.next.by === 'candidate') {
      blocks.push(el('p', { class: 'statut' }, 'À signer : ' + what + '.'),
        await pdfViewer('/api/v1/documents/' + d.id + '/pdf', d.reference, 'Avenant'),
        signForm({ what, url: '/api/v1/documents/' + d.id + '/signatures', suffix: '-' + d.id, label: 'Signer l’avenant' },
                 summary, onSigned));
    } else {
      const waiting = d.next && d.next.by ? ' : en attente de la signature de l’administration' : ' : signé';
      blocks.push(el('p', { class: 'avenant' }, 'Avenant ' + d.reference + ' (' + (AVENANT_FR[d.subkind] || d.subkind) + ')' +
                     waiting + '.'));
    }
  }
  return el('section', { 'aria-labelledby': 'avenants-titre', id: 'avenants' }, blocks);
}

const ZONE_FR = { zip: 'zone d’intervention prioritaire (ZIP)', zac: 'zone d’action complémentaire (ZAC)' };
const MODE_FR = { liberal: 'libéral', salarie: 'salarié', mixte: 'mixte' };

// The installations the ARS validated (signed at once by the ARS): where,
// from when, and the signed validation to download.
function installations(documents, summary) {
  documents = documents.filter((d) => d.kind === 'installation');
  if (!documents.length) return null;
  const blocks = [el('h3', { id: 'installations-titre' }, 'Installation validée par l’ARS')];
  for (const d of documents) {
    const i = d.details || {};
    const rows = [
      ['Lieu d’exercice', [i.site, i.street, [i.postal_code, i.city].filter(Boolean).join(' ')].filter(Boolean).join(', ')],
      ['Zone', ZONE_FR[String(i.zone || '').toLowerCase()] || i.zone],
      ['Mode d’exercice', MODE_FR[i.mode] || i.mode],
      ['Décision de l’ARS', i.decision_date ? dateFr(i.decision_date) : null],
      ['Début d’exercice', i.start_date ? dateFr(i.start_date) : null],
      ['Référence', d.reference],
    ].filter(([, value]) => value);
    const download = el('button', { type: 'button', class: 'secondaire', id: 'telecharger-' + d.id },
                        'Télécharger la validation signée (PDF)');
    download.addEventListener('click', async () => {
      try {
        saveBlob(await apiBlob('/api/v1/documents/' + d.id + '/pdf'), d.reference + '.pdf');
      } catch (error) {
        showErrors(summary, [{ message: error.message }]);
      }
    });
    blocks.push(el('dl', { class: 'termes installation' }, rows.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
                el('div', {}, download));
  }
  return el('section', { 'aria-labelledby': 'installations-titre', id: 'installations' }, blocks);
}

// Fills the contract section from the dossier; does nothing when the
// contract did not change since the last call (keeps the PDF and the form).
export async function showContract(dossier, summary) {
  const section = document.getElementById('contrat');
  const box = document.getElementById('contrat-contenu');
  const contract = await contractOf(dossier);
  if (!contract) {
    section.hidden = true;
    return;
  }
  const key = contract.id + ':' + contract.state;
  if (key === shownKey) return;
  shownKey = key;
  section.hidden = false;
  const parts = [terms(contract)];
  if (contract.state === 'issued') {
    parts.unshift(el('p', {}, 'Votre contrat est prêt. Lisez-le en entier avant de le signer.'));
    parts.push(await pdfViewer('/api/v1/contracts/' + contract.id + '/pdf', contract.reference));
    parts.push(signForm({ what: 'le contrat ' + contract.reference, url: '/api/v1/contracts/' + contract.id + '/signatures' },
                        summary, async () => {
      shownKey = '';
      await showContract(await api('GET', '/api/v1/candidates/' + dossier.candidate.id + '/dossier'), summary);
      const done = document.getElementById('contrat-message');
      if (done) done.focus();
    }));
  } else {
    const message = contract.state === 'signed_by_candidate'
      ? 'Vous avez signé votre contrat. Il sera en vigueur après la contresignature de l’administration.'
      : 'État de votre contrat : ' + (CONTRACT_STATE_FR[contract.state] || contract.state) + '.';
    parts.unshift(el('p', { id: 'contrat-message', class: 'statut', role: 'status', tabindex: '-1' }, message));
    if (contract.state === 'countersigned' || contract.state === 'archived') {
      const documents = await documentsOf(contract);
      parts.push(installations(documents, summary));
      parts.push(await avenantsToSign(documents, summary, async () => {
        shownKey = '';
        await showContract(dossier, summary);
      }));
    }
    parts.push(await pdfViewer('/api/v1/contracts/' + contract.id + '/pdf', contract.reference));
  }
  box.replaceChildren(...parts.filter(Boolean));
}
