// The agent's page (also UFR and admin, read-only for them): the campaign's
// quotas, its dossiers in rank order with what blocks each one, and the
// agent's actions: issue the contract, countersign it, add an avenant.
import { api, apiPage, CONTRACT_STATE_FR, dateFr, el, OFFER_STATE_FR, PIECE_STATE_FR, requireSession, showErrors, typo }
  from './app.js';
import { avenantForm } from './agent-avenant.js';

const current = requireSession(['agent', 'ufr', 'admin']);
const isAgent = current && current.account.role === 'agent';
const summary = document.getElementById('erreurs');
const pageStatus = document.getElementById('statut-page');
const content = document.getElementById('contenu');
const DISCIPLINE_FR = { medecine: 'médecine', odontologie: 'odontologie' };
const PIECE_SHORT_FR = { identity: 'Identité', enrollment: 'Scolarité', bank: 'RIB' };
let campaignId = '';
// National campaigns hold thousands of dossiers: the table shows a page.
const DOSSIERS_PER_PAGE = 50;
let dossierOffset = 0;
const COUNT_FR = new Intl.NumberFormat('fr-FR');

function quotaTable(campaign) {
  return el('div', { class: 'tableau' }, el('table', { class: 'empile', id: 'quotas' },
    el('caption', {}, 'Quotas de la campagne ' + campaign.academic_year),
    el('thead', {}, el('tr', {}, ['UFR', 'Discipline', 'Contrats', 'Acceptés', 'Places libres']
      .map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, campaign.quotas.map((q) => el('tr', {},
      el('td', { 'data-titre': 'UFR' }, q.ufr),
      el('td', { 'data-titre': 'Discipline' }, DISCIPLINE_FR[q.discipline] || q.discipline),
      el('td', { 'data-titre': 'Contrats' }, String(q.contracts)),
      el('td', { 'data-titre': 'Acceptés' }, String(q.accepted)),
      el('td', { 'data-titre': 'Places libres' }, String(q.places_left)))))));
}

function panel() {
  return document.getElementById('action');
}

function openPanel(title, ...children) {
  const box = panel();
  box.replaceChildren(el('h2', { id: 'action-titre', tabindex: '-1' }, title), ...children);
  box.hidden = false;
  box.querySelector('#action-titre').focus();
}

// Countersigning a contract or an avenant: the password typed again.
function countersignForm(line, avenant) {
  const password = el('input', { type: 'password', id: 'mot-de-passe-contresignature', autocomplete: 'current-password' });
  const reference = avenant ? avenant.reference : line.contract.reference;
  const url = avenant ? '/api/v1/documents/' + avenant.id + '/signatures'
                      : '/api/v1/contracts/' + line.contract.id + '/signatures';
  const form = el('form', { novalidate: true, id: 'contresignature' },
    el('p', {}, (avenant ? 'Avenant ' : 'Contrat ') + reference + ' de ' + fullName(line.candidate) +
       (avenant ? ', signé par le candidat. Votre contresignature l’applique au contrat.'
                : ', signé par le candidat. Votre contresignature le met en vigueur.')),
    el('label', { for: 'mot-de-passe-contresignature' }, 'Votre mot de passe',
       el('span', { class: 'aide' }, 'Saisissez à nouveau votre mot de passe pour signer.')),
    password,
    el('div', {}, el('button', { type: 'submit', id: 'confirmer-contresignature' }, 'Contresigner'),
       el('button', { type: 'button', class: 'secondaire', onclick: () => { panel().hidden = true; } }, 'Annuler')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!password.value) {
      showErrors(summary, [{ field: password.id, message: 'Saisissez votre mot de passe.' }]);
      return;
    }
    try {
      await api('POST', url, { password: password.value, consent: true });
      panel().hidden = true;
      await refresh((avenant ? 'Avenant ' : 'Contrat ') + reference + ' contresigné.');
    } catch (error) {
      password.value = '';
      showErrors(summary, [{ field: password.id, message: error.message }]);
    }
  });
  return form;
}

function fullName(c) {
  return c.given_names + ' ' + (c.usage_name || c.birth_name);
}

async function issue(line, button) {
  button.disabled = true;
  pageStatus.textContent = typo('Émission du contrat de ' + fullName(line.candidate) + '…');
  try {
    const contract = await api('POST', '/api/v1/candidates/' + line.candidate.id + '/contract');
    await refresh('Contrat ' + (contract.reference || '') + ' émis pour ' + fullName(line.candidate) + '.');
  } catch (error) {
    button.disabled = false;
    pageStatus.textContent = '';
    showErrors(summary, [{ message: error.message }]);
  }
}

function actions(line) {
  if (!isAgent) return [];
  const out = [];
  const state = line.contract ? line.contract.state : null;
  if (!line.contract && line.complete && line.offer && line.offer.state === 'pending') {
    const button = el('button', { type: 'button', 'data-action': 'emettre' }, 'Émettre le contrat');
    button.addEventListener('click', () => issue(line, button));
    out.push(button);
  }
  if (state === 'signed_by_candidate') {
    out.push(el('button', { type: 'button', 'data-action': 'contresigner',
                            onclick: () => openPanel('Contresigner', countersignForm(line)) },
                'Contresigner'));
  }
  for (const avenant of line.avenants || []) {
    if (avenant.next && avenant.next.by === 'agent') {
      out.push(el('button', { type: 'button', 'data-action': 'contresigner-avenant',
                              onclick: () => openPanel('Contresigner l’avenant', countersignForm(line, avenant)) },
                  'Contresigner l’avenant ' + avenant.reference));
    }
  }
  if (state === 'countersigned' || state === 'archived') {
    out.push(el('button', { type: 'button', class: 'secondaire', 'data-action': 'avenant',
                            onclick: () => openPanel('Avenant au contrat ' + line.contract.reference,
                                                     avenantForm(line, summary, refresh)) }, 'Avenant'));
  }
  return out;
}

function dossierRow(line) {
  const listLabel = line.list === 'principale' ? 'principale' : 'complémentaire';
  const pieces = el('ul', { class: 'bloquants' }, line.pieces.map((p) =>
    el('li', {}, (PIECE_SHORT_FR[p.kind] || p.label) + ' : ', el('span', { class: 'etat etat-' + p.state },
                                                              PIECE_STATE_FR[p.state] || p.state))));
  const avenants = (line.avenants || []).map((a) => el('li', {}, 'Avenant ' + a.reference + ' : ' +
    (a.next && a.next.by === 'candidate' ? 'à signer par le candidat'
      : a.next && a.next.by ? 'à contresigner' : 'signé')));
  const contract = line.contract
    ? [line.contract.reference, el('br'), el('span', { class: 'etat etat-' + line.contract.state },
                                            CONTRACT_STATE_FR[line.contract.state] || line.contract.state),
       avenants.length ? el('ul', { class: 'bloquants' }, avenants) : null]
    : ['—'];
  const blocking = line.contract ? [] : line.blocking;
  return el('tr', { id: 'dossier-' + line.candidate.id },
    el('td', { 'data-titre': 'Rang' }, line.rank + ' (' + listLabel + ')'),
    el('td', { 'data-titre': 'Candidat' }, el('strong', {}, fullName(line.candidate)), el('br'),
       DISCIPLINE_FR[line.candidate.discipline] || '', ', ', line.candidate.ufr),
    el('td', { 'data-titre': 'Offre' }, line.offer ? OFFER_STATE_FR[line.offer.state] + ' (' + dateFr(line.offer.offered_on) + ')'
                                                    : 'Aucune'),
    el('td', { 'data-titre': 'Pièces' }, pieces),
    el('td', { 'data-titre': 'Ce qui bloque' }, blocking.length
      ? el('ul', { class: 'bloquants' }, blocking.map((b) => el('li', {}, b)))
      : (line.contract ? 'Rien : contrat émis' : 'Rien : contrat à émettre')),
    el('td', { 'data-titre': 'Contrat' }, contract),
    el('td', { 'data-titre': 'Actions' }, actions(line)));
}

function dossierTable(lines) {
  return el('div', { class: 'tableau' }, el('table', { class: 'empile', id: 'dossiers' },
    el('caption', {}, 'Dossiers dans l’ordre du classement'),
    el('thead', {}, el('tr', {}, ['Rang', 'Candidat', 'Offre', 'Pièces', 'Ce qui bloque', 'Contrat', 'Actions']
      .map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, lines.map(dossierRow))));
}

// "Dossiers 51 à 100 sur 4 500" and the buttons to the pages around.
function pager(page) {
  if (page.total <= DOSSIERS_PER_PAGE && dossierOffset === 0) return null;
  const last = dossierOffset + page.items.length;
  const go = (offset) => {
    dossierOffset = offset;
    refresh().then(() => document.getElementById('pages-dossiers').focus())
      .catch((error) => showErrors(summary, [{ message: error.message }]));
  };
  return el('nav', { class: 'pages', 'aria-label': 'Pages des dossiers' },
    el('p', { id: 'pages-dossiers', tabindex: '-1' }, 'Dossiers ' + COUNT_FR.format(dossierOffset + 1) + ' à ' +
      COUNT_FR.format(last) + ' sur ' + COUNT_FR.format(page.total)),
    el('button', { type: 'button', class: 'secondaire', disabled: dossierOffset === 0,
      onclick: () => go(Math.max(0, dossierOffset - DOSSIERS_PER_PAGE)) }, '← Dossiers précédents'),
    el('button', { type: 'button', class: 'secondaire', disabled: last >= page.total,
      onclick: () => go(dossierOffset + DOSSIERS_PER_PAGE) }, 'Dossiers suivants →'));
}

async function refresh(message) {
  showErrors(summary, []);
  const campaigns = await api('GET', '/api/v1/campaigns');
  const campaign = campaigns.find((c) => c.id === campaignId) || campaigns[0];
  if (!campaign) {
    content.replaceChildren(el('p', {}, 'Aucune campagne.'));
    return;
  }
  campaignId = campaign.id;
  const chooser = campaigns.length > 1
    ? el('p', {}, el('label', { for: 'campagne' }, 'Campagne'), el('select', {
      id: 'campagne', onchange: (e) => { campaignId = e.target.value; dossierOffset = 0; refresh(); },
    }, campaigns.map((c) => el('option', { value: c.id, selected: c.id === campaignId }, c.academic_year))))
    : null;
  const page = await apiPage('/api/v1/campaigns/' + campaignId + '/dossiers', dossierOffset, DOSSIERS_PER_PAGE);
  if (page.items.length === 0 && dossierOffset > 0) {  // the list shrank under us: back to its last page
    dossierOffset = Math.max(0, Math.floor((page.total - 1) / DOSSIERS_PER_PAGE) * DOSSIERS_PER_PAGE);
    return refresh(message);
  }
  const lines = page.items;
  // Avenants of the contracts in force (their signatures are followed here too).
  await Promise.all(lines.filter((l) => l.contract && ['countersigned', 'archived'].includes(l.contract.state))
    .map(async (l) => {
      try {
        l.avenants = (await api('GET', '/api/v1/contracts/' + l.contract.id + '/avenants')).filter((d) => d.kind === 'avenant');
      } catch (ignored) {
        l.avenants = [];
      }
    }));
  const pages = pager(page);
  content.replaceChildren(chooser || '', quotaTable(campaign), dossierTable(lines), pages || '',
                          el('section', { id: 'action', class: 'carte', 'aria-labelledby': 'action-titre', hidden: true }));
  if (message) pageStatus.textContent = typo(message);
}

if (current) refresh().catch((error) => showErrors(summary, [{ message: error.message }]));
