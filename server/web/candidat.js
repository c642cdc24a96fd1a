// The candidate's page: the pieces checklist from the dossier, uploads with
// progress and verdicts, then the contract to read and sign.
import {
  api, dateFr, el, PIECE_STATE_FR, requireSession, showErrors, typo, upload,
} from './app.js';
import { showContract } from './candidat-contrat.js';

const current = requireSession(['candidate']);
const summary = document.getElementById('erreurs');
const list = document.getElementById('pieces');
let dossierPath = '';

const CANDIDATE_OFFER_FR = {
  pending: 'Un contrat vous est proposé depuis le ',
  accepted: 'Vous avez accepté le contrat proposé le ',
  declined: 'Vous avez refusé le contrat proposé le ',
  lapsed: 'Le contrat proposé a expiré ; il vous avait été proposé le ',
};

const VERDICT_FR = {
  accepted: 'Pièce acceptée.',
  rejected: 'Pièce refusée.',
  review: 'Pièce reçue : un agent doit la vérifier.',
};

function reasonsList(reasons) {
  if (!reasons || !reasons.length) return null;
  return el('ul', { class: 'raisons' }, reasons.map((r) => el('li', {}, r.message || r.code)));
}

function uploadForm(piece, card) {
  const kind = piece.kind;
  const replacing = piece.state === 'rejected' || piece.state === 'review';
  const fileInput = el('input', {
    type: 'file', id: 'fichier-' + kind, name: 'file', accept: 'image/*,application/pdf', multiple: true,
    'aria-describedby': 'fichier-' + kind + '-aide',
  });
  const photoInput = el('input', {
    type: 'file', id: 'photo-' + kind, name: 'file', accept: 'image/*', capture: 'environment',
  });
  const progress = el('progress', { max: '100', value: '0', id: 'progression-' + kind,
                                    'aria-label': 'Progression de l’envoi' });
  const progressBox = el('div', { class: 'progression', hidden: true }, progress);
  const button = el('button', { type: 'submit', id: 'envoyer-' + kind },
                    replacing ? 'Remplacer la pièce' : 'Envoyer la pièce');
  const form = el('form', { class: 'envoi', novalidate: true },
    el('label', { for: 'fichier-' + kind }, replacing ? 'Nouveau fichier (photo ou PDF)' : 'Fichier (photo ou PDF)'),
    el('span', { class: 'aide', id: 'fichier-' + kind + '-aide' },
       'JPEG, PNG, HEIC ou PDF, 20 Mo au plus ; vous pouvez joindre le recto et le verso.'),
    fileInput,
    el('label', { for: 'photo-' + kind }, 'ou prendre une photo avec le téléphone'),
    photoInput,
    el('div', {}, button),
    progressBox);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const files = [...fileInput.files, ...photoInput.files];
    const status = card.querySelector('.statut');
    if (!files.length) {
      fileInput.setAttribute('aria-invalid', 'true');
      showErrors(summary, [{ field: fileInput.id, message: 'Choisissez un fichier pour « ' + piece.label + ' ».' }]);
      return;
    }
    showErrors(summary, []);
    fileInput.removeAttribute('aria-invalid');
    const data = new FormData();
    data.append('kind', kind);
    for (const file of files) data.append('file', file, file.name);
    button.disabled = true;
    progressBox.hidden = false;
    status.textContent = typo('Envoi : 0 %');
    try {
      const record = await upload(current ? '/api/v1/candidates/' + current.account.candidate_id + '/pieces' : '',
        data,
        (fraction) => {
          const percent = Math.round(fraction * 100);
          progress.value = percent;
          status.textContent = typo('Envoi : ' + percent + ' %');
        },
        () => { status.textContent = typo('Fichier reçu, vérification en cours…'); });
      const updated = { ...piece, state: record.state, reasons: record.verdict ? record.verdict.reasons : [] };
      const fresh = renderPiece(updated);
      card.replaceWith(fresh);
      const verdict = fresh.querySelector('.statut');
      verdict.textContent = typo(VERDICT_FR[record.state] || 'Pièce reçue.');
      verdict.focus();
      loadSituation();
    } catch (error) {
      button.disabled = false;
      progressBox.hidden = true;
      status.textContent = '';
      showErrors(summary, [{ field: fileInput.id, message: error.message }]);
    }
  });
  return form;
}

function renderPiece(piece) {
  const card = el('li', { class: 'carte piece etat-bord-' + piece.state, id: 'piece-' + piece.kind },
    el('div', { class: 'piece-tete' },
       el('h3', {}, piece.label),
       el('span', { class: 'etat etat-' + piece.state }, PIECE_STATE_FR[piece.state] || piece.state)),
    el('p', { class: 'statut', role: 'status', 'aria-live': 'polite', tabindex: '-1' }),
    piece.reasons && piece.reasons.length ? el('p', {}, piece.state === 'accepted' ? 'Remarques :' : 'Motifs :')
                                          : null,
    reasonsList(piece.reasons));
  if (piece.state !== 'accepted') card.append(uploadForm(piece, card));
  return card;
}

function describeSituation(dossier) {
  const c = dossier.candidate;
  const name = c.given_names + ' ' + (c.usage_name || c.birth_name);
  const offer = dossier.offer ? (CANDIDATE_OFFER_FR[dossier.offer.state] || '') + dateFr(dossier.offer.offered_on)
                              : 'Pas encore de contrat proposé : votre rang dépend des places de votre UFR';
  const done = dossier.pieces.filter((p) => p.state === 'accepted').length;
  return [
    el('strong', {}, name), el('span', {}, ' – ', c.discipline === 'medecine' ? 'médecine' : 'odontologie', ', ', c.ufr),
    el('br'), el('span', {}, offer + '.'),
    el('br'), el('span', { id: 'etat-dossier' }, dossier.complete
      ? 'Dossier complet : toutes les pièces sont acceptées.'
      : 'Pièces acceptées : ' + done + ' sur ' + dossier.pieces.length + '.'),
  ];
}

async function loadSituation() {
  const dossier = await api('GET', dossierPath);
  document.getElementById('situation').replaceChildren(...describeSituation(dossier));
  await showContract(dossier, summary);
  return dossier;
}

async function start() {
  if (!current) return;
  dossierPath = '/api/v1/candidates/' + current.account.candidate_id + '/dossier';
  try {
    const dossier = await loadSituation();
    list.replaceChildren(...dossier.pieces.map(renderPiece));
  } catch (error) {
    showErrors(summary, [{ message: error.message }]);
  }
}

start();
