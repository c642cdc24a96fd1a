// The avenant form of the agent's page: POST /api/v1/contracts/{id}/avenants
// with {kind, ...fields}; the fields shown follow the kind chosen.
import { api, el, showErrors } from './app.js';

const KINDS = [
  ['postponed_installation', 'Report de l’installation (engagement allongé)', ['months', 'reason']],
  ['suspension', 'Suspension de l’allocation', ['months', 'start', 'reason']],
  ['bank_details_change', 'Changement de coordonnées bancaires', ['iban']],
];

const FIELD_LABELS = {
  months: ['Nombre de mois', 'number'],
  start: ['Début de la suspension', 'date'],
  reason: ['Motif (repris dans l’avenant)', 'text'],
  iban: ['Nouvel IBAN', 'text'],
};

export function avenantForm(line, summary, refresh) {
  const kind = el('select', { id: 'avenant-type' }, KINDS.map(([v, t]) => el('option', { value: v }, t)));
  const inputs = {};
  const rows = {};
  for (const [name, [label, type]] of Object.entries(FIELD_LABELS)) {
    inputs[name] = el('input', { type, id: 'avenant-' + name, inputmode: type === 'number' ? 'numeric' : null });
    rows[name] = el('div', {}, el('label', { for: 'avenant-' + name }, label), inputs[name]);
  }
  const showFields = () => {
    const wanted = KINDS.find(([v]) => v === kind.value)[2];
    for (const name of Object.keys(rows)) rows[name].hidden = !wanted.includes(name);
  };
  kind.addEventListener('change', showFields);
  showFields();
  const form = el('form', { novalidate: true, id: 'avenant' },
    el('label', { for: 'avenant-type' }, 'Objet de l’avenant'), kind, Object.values(rows),
    el('p', { class: 'aide' }, 'L’avenant est ensuite signé par le candidat, puis contresigné.'),
    el('div', {}, el('button', { type: 'submit', id: 'creer-avenant' }, 'Créer l’avenant')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const wanted = KINDS.find(([v]) => v === kind.value)[2];
    const body = { kind: kind.value };
    const problems = [];
    for (const name of wanted) {
      const value = inputs[name].value.trim();
      if (!value) problems.push({ field: 'avenant-' + name, message: 'Renseignez « ' + FIELD_LABELS[name][0] + ' ».' });
      else body[name] = name === 'months' ? Number(value) : value;
    }
    if (wanted.includes('months') && body.months !== undefined && (!Number.isInteger(body.months) || body.months < 1)) {
      problems.push({ field: 'avenant-months', message: 'Indiquez un nombre de mois entier, au moins 1.' });
    }
    if (problems.length) {
      showErrors(summary, problems);
      return;
    }
    try {
      const avenant = await api('POST', '/api/v1/contracts/' + line.contract.id + '/avenants', body);
      document.getElementById('action').hidden = true;
      await refresh('Avenant ' + (avenant.reference || avenant.id || '') + ' créé : il attend la signature du candidat.');
    } catch (error) {
      showErrors(summary, [{ field: 'avenant-type', message: error.message }]);
    }
  });
  return form;
}
