// The ARS page: beneficiaries of the region whose contract is in force, and
// the validation of their installation (POST /api/v1/beneficiaries/{id}/installations).
import { api, apiAll, CONTRACT_STATE_FR, el, requireSession, showErrors, typo } from './app.js';

const current = requireSession(['ars']);
const summary = document.getElementById('erreurs');
const pageStatus = document.getElementById('statut-page');
const content = document.getElementById('contenu');

function fullName(c) {
  return c.given_names + ' ' + (c.usage_name || c.birth_name);
}

const FIELDS = [
  ['site', 'Lieu d’exercice (cabinet, maison de santé, établissement)', 'text'],
  ['rue', 'Adresse', 'text'],
  ['cp', 'Code postal', 'text'],
  ['ville', 'Commune', 'text'],
  ['decision', 'Date de la décision de l’ARS', 'date'],
  ['debut', 'Date de début d’exercice', 'date'],
  ['mdp', 'Votre mot de passe (pour signer la validation)', 'password'],
];

function installationForm(line) {
  const id = line.candidate.id;
  const key = (name) => name + '-' + id;
  const inputs = {};
  const parts = FIELDS.map(([name, label, type]) => {
    inputs[name] = el('input', { type, id: key(name), autocomplete: type === 'password' ? 'current-password' : 'off',
                                 inputmode: name === 'cp' ? 'numeric' : null });
    return [el('label', { for: key(name) }, label), inputs[name]];
  });
  const zone = el('select', { id: key('zone') }, el('option', { value: 'zip' }, 'ZIP (zone d’intervention prioritaire)'),
                  el('option', { value: 'zac' }, 'ZAC (zone d’action complémentaire)'));
  const mode = el('select', { id: key('mode') }, el('option', { value: 'liberal' }, 'Libéral'),
                  el('option', { value: 'salarie' }, 'Salarié'), el('option', { value: 'mixte' }, 'Mixte'));
  const form = el('form', { novalidate: true, class: 'installation' },
    parts.slice(0, 4),
    el('label', { for: key('zone') }, 'Zone'), zone,
    el('label', { for: key('mode') }, 'Mode d’exercice'), mode,
    parts.slice(4),
    el('div', {}, el('button', { type: 'submit', id: key('valider') }, 'Valider et signer l’installation')),
    el('p', { class: 'statut', role: 'status', 'aria-live': 'polite', tabindex: '-1' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = (name) => inputs[name].value.trim();
    const problems = FIELDS.filter(([name]) => !value(name))
      .map(([name, label]) => ({ field: key(name), message: 'Renseignez le champ « ' + label + ' ».' }));
    for (const [name] of FIELDS) {
      if (value(name)) inputs[name].removeAttribute('aria-invalid');
      else inputs[name].setAttribute('aria-invalid', 'true');
    }
    if (problems.length) {
      showErrors(summary, problems);
      return;
    }
    showErrors(summary, []);
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const doc = await api('POST', '/api/v1/beneficiaries/' + id + '/installations', {
        password: inputs.mdp.value, site: value('site'),
        address: { street: value('rue'), postal_code: value('cp'), city: value('ville') },
        zone: zone.value, mode: mode.value, decision_date: value('decision'), start_date: value('debut'),
      });
      inputs.mdp.value = '';
      const status = form.querySelector('.statut');
      status.textContent = typo('Installation validée et signée : ' + (doc.reference || doc.id) + '.');
      status.focus();
    } catch (error) {
      inputs.mdp.value = '';
      button.disabled = false;
      showErrors(summary, [{ field: key('site'), message: error.message }]);
    }
  });
  return form;
}

// Beneficiaries whose contract is in force come first, each with the
// validation form; the others of the region are listed below.
async function start() {
  const campaigns = await api('GET', '/api/v1/campaigns');
  const inForce = [];
  const others = [];
  for (const campaign of campaigns) {
    const lines = await apiAll('/api/v1/campaigns/' + campaign.id + '/dossiers');
    for (const line of lines) {
      const contract = line.contract;
      const about = 'Campagne ' + campaign.academic_year + ' – ' + line.candidate.ufr + ' – contrat : ' +
        (contract ? contract.reference + ' (' + (CONTRACT_STATE_FR[contract.state] || contract.state) + ')'
                  : 'pas encore émis');
      if (contract && (contract.state === 'countersigned' || contract.state === 'archived')) {
        inForce.push(el('section', { class: 'carte', 'aria-labelledby': 'benef-' + line.candidate.id },
          el('h3', { id: 'benef-' + line.candidate.id }, fullName(line.candidate)), el('p', {}, about),
          installationForm(line)));
      } else {
        others.push(el('li', {}, el('strong', {}, fullName(line.candidate)), ' – ', about));
      }
    }
  }
  content.replaceChildren(
    el('h2', {}, 'Contrats en vigueur : installations à valider'),
    ...(inForce.length ? inForce : [el('p', {}, 'Aucun contrat en vigueur dans votre région.')]),
    el('h2', {}, 'Autres bénéficiaires de la région'),
    others.length ? el('ul', {}, others) : el('p', {}, 'Aucun.'));
  pageStatus.textContent = typo(inForce.length + ' contrat(s) en vigueur, ' + others.length +
                                ' autre(s) dossier(s) dans votre région.');
}

if (current) start().catch((error) => showErrors(summary, [{ message: error.message }]));
