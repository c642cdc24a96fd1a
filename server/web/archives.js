// The archivist's page: find a beneficiary by name, INE or reference, read
// the archived records, the contract's verification report, and download the
// evidence export.
import { api, apiBlob, dateFr, el, requireSession, saveBlob, showErrors, typo } from './app.js';

const current = requireSession(['archivist']);
const summary = document.getElementById('erreurs');
const pageStatus = document.getElementById('statut-page');
const content = document.getElementById('contenu');

function fullName(c) {
  return c.given_names + ' ' + (c.usage_name || c.birth_name);
}

const STAGE_FR = {
  identity: 'Pièce d’identité', enrollment: 'Certificat de scolarité', bank: 'RIB',
  draft: 'Émis', signed_by_candidate: 'Signé par le candidat', countersigned: 'Contresigné',
  signed_by_ars: 'Signé par l’ARS', lta: 'Archivé (signature longue durée B-LTA)',
};

const INDICATION_FR = {
  TOTAL_PASSED: 'Signatures valides',
  INDETERMINATE: 'Validité indéterminée',
  TOTAL_FAILED: 'Signature invalide',
};

const SIGNATURE_FR = { TOTAL_PASSED: 'valide', INDETERMINATE: 'indéterminée', TOTAL_FAILED: 'invalide' };

const ITEM_KIND_FR = {
  piece: 'Pièce justificative', contract: 'Contrat', avenant: 'Avenant', installation: 'Validation d’installation',
  verification: 'Rapport de vérification', seal: 'Scellement',
};

function recordsTable(records) {
  const items = Array.isArray(records) ? records : (records.items || records.records || []);
  if (!items.length) return el('p', {}, 'Aucun document archivé.');
  return el('div', { class: 'tableau' }, el('table', { class: 'empile', id: 'documents' },
    el('caption', {}, 'Documents archivés (' + items.length + ')'),
    el('thead', {}, el('tr', {}, ['Archivé le', 'Nature', 'Étape', 'Libellé', 'Empreinte SHA-256']
      .map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, items.map((item) => el('tr', {},
      el('td', { 'data-titre': 'Archivé le' }, dateFr(item.archived_at || item.document_date || '')),
      el('td', { 'data-titre': 'Nature' }, ITEM_KIND_FR[item.kind] || item.kind || ''),
      el('td', { 'data-titre': 'Étape' }, STAGE_FR[item.stage] || item.stage || ''),
      el('td', { 'data-titre': 'Libellé' }, item.label || ''),
      el('td', { 'data-titre': 'Empreinte SHA-256' }, el('code', {}, (item.sha256 || '').slice(0, 16) + '…')))))));
}

function verificationBlock(contractId) {
  const box = el('div', { id: 'verification' });
  const button = el('button', { type: 'button', class: 'secondaire', id: 'verifier' }, 'Vérifier les signatures du contrat');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const report = await api('GET', '/api/v1/contracts/' + contractId + '/verification');
      const signatures = report.signatures || [];
      box.replaceChildren(el('h3', { tabindex: '-1', id: 'verification-titre' }, 'Rapport de vérification'),
        el('p', {}, el('span', { class: 'etat ' + (report.indication === 'TOTAL_PASSED' ? 'etat-ok' : 'etat-ko') },
                       INDICATION_FR[report.indication] || report.indication),
           ' (EN 319 102-1 : ' + report.indication + (report.sub_indication ? ', ' + report.sub_indication : '') + ')'),
        el('ul', {}, signatures.map((s) => el('li', {},
          (s.signer_name || s.field || 'Signature') + (s.level ? ', ' + s.level : '') + ' : ' +
          (SIGNATURE_FR[s.indication] || s.indication || '') + (s.sub_indication ? ' (' + s.sub_indication + ')' : '')))));
      box.querySelector('#verification-titre').focus();
    } catch (error) {
      showErrors(summary, [{ message: error.message }]);
    } finally {
      button.disabled = false;
    }
  });
  return [button, box];
}

async function openBeneficiary(result) {
  showErrors(summary, []);
  const id = result.id;
  const records = await api('GET', '/api/v1/archive/beneficiaries/' + id);
  const exportButton = el('button', { type: 'button', id: 'exporter' }, 'Télécharger l’export de preuve (ZIP)');
  const exportStatus = el('p', { class: 'statut', role: 'status', 'aria-live': 'polite', id: 'export-statut' });
  exportButton.addEventListener('click', async () => {
    exportButton.disabled = true;
    exportStatus.textContent = typo('Préparation de l’export…');
    try {
      const blob = await apiBlob('/api/v1/archive/beneficiaries/' + id + '/export');
      saveBlob(blob, 'cesp-export-' + id + '.zip');
      exportStatus.textContent = typo('Export téléchargé : cesp-export-' + id + '.zip (' +
                                      Math.max(1, Math.round(blob.size / 1024)) + ' Ko).');
    } catch (error) {
      exportStatus.textContent = '';
      showErrors(summary, [{ message: error.message }]);
    } finally {
      exportButton.disabled = false;
    }
  });
  const contractId = records.contract_id || (records.contract && records.contract.id) || result.contract_id;
  const detail = el('section', { class: 'carte', id: 'beneficiaire', 'aria-labelledby': 'beneficiaire-titre' },
    el('h2', { id: 'beneficiaire-titre', tabindex: '-1' }, fullName(result)),
    el('p', {}, 'Identifiant : ' + id + (result.ine ? ' – INE : ' + result.ine : '') +
       (result.contract_reference ? ' – contrat ' + result.contract_reference : '')),
    recordsTable(records.items ? records.items : records),
    contractId ? verificationBlock(contractId) : null,
    el('div', {}, exportButton), exportStatus);
  const old = document.getElementById('beneficiaire');
  if (old) old.replaceWith(detail);
  else content.append(detail);
  detail.querySelector('#beneficiaire-titre').focus();
}

function searchForm() {
  const input = el('input', { type: 'search', id: 'recherche', name: 'q', autocomplete: 'off',
                              'aria-describedby': 'recherche-aide' });
  const results = el('div', { id: 'resultats', 'aria-live': 'polite' });
  const form = el('form', { role: 'search', class: 'carte', novalidate: true },
    el('label', { for: 'recherche' }, 'Rechercher un bénéficiaire'),
    el('span', { class: 'aide', id: 'recherche-aide' }, 'Nom, prénom, INE ou référence du contrat (CESP-…).'),
    input, el('div', {}, el('button', { type: 'submit', id: 'chercher' }, 'Rechercher')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const q = input.value.trim();
    if (q.length < 2) {
      showErrors(summary, [{ field: 'recherche', message: 'Saisissez au moins deux caractères.' }]);
      return;
    }
    showErrors(summary, []);
    try {
      const found = await api('GET', '/api/v1/beneficiaries?q=' + encodeURIComponent(q));
      pageStatus.textContent = typo(found.length ? found.length + ' bénéficiaire(s) trouvé(s).' : 'Aucun bénéficiaire trouvé.');
      results.replaceChildren(el('ul', {}, found.map((r) => el('li', {},
        el('button', { type: 'button', class: 'secondaire', 'data-id': r.id, onclick: () => openBeneficiary(r).catch(
          (error) => showErrors(summary, [{ message: error.message }])) },
           fullName(r) + (r.contract_reference ? ' – ' + r.contract_reference : '') + (r.ine ? ' – INE ' + r.ine : ''))))));
    } catch (error) {
      showErrors(summary, [{ field: 'recherche', message: error.message }]);
    }
  });
  return [form, results];
}

// The whole archive's integrity audit: long on a large archive, so the server
// answers 202 while it runs and the page polls.
function auditBlock() {
  const box = el('section', { class: 'carte', id: 'audit', 'aria-labelledby': 'audit-titre' },
    el('h2', { id: 'audit-titre' }, 'Intégrité de l’archive'));
  const status = el('p', { id: 'audit-statut', role: 'status', 'aria-live': 'polite' });
  const button = el('button', { type: 'button', class: 'secondaire', id: 'auditer' }, 'Lancer l’audit de l’archive');
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.textContent = typo('Audit en cours : chaque document est relu et son empreinte recalculée…');
    try {
      for (let attempt = 0; attempt < 60; ++attempt) {
        const answer = await api('GET', '/api/v1/archive/audit');
        if (answer.status !== 'running') {
          const findings = (answer.report && answer.report.findings) || [];
          status.replaceChildren(el('span', { class: 'etat ' + (answer.status === 'ok' ? 'etat-ok' : 'etat-ko') },
            typo(answer.status === 'ok' ? 'Archive intègre : aucune anomalie.'
                                        : findings.length + ' anomalie(s) : voir le rapport d’audit.')));
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 3000));
      }
      status.textContent = typo('L’audit dure plus longtemps que prévu : réessayez dans quelques minutes.');
    } catch (error) {
      showErrors(summary, [{ message: error.message }]);
      status.textContent = '';
    } finally {
      button.disabled = false;
    }
  });
  box.append(el('p', {}, 'Vérifie les empreintes de tous les documents, le journal chaîné et ses scellements horodatés.'),
             el('div', {}, button), status);
  return box;
}

if (current) content.replaceChildren(...searchForm(), auditBlock());
