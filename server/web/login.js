// The login page: POST /api/v1/session, then the home page of the role.
import { api, homeFor, saveSession, session, showErrors } from './app.js';

const form = document.getElementById('connexion');
const summary = document.getElementById('erreurs');
const login = document.getElementById('identifiant');
const password = document.getElementById('mot-de-passe');

const already = session();
if (already) location.replace(homeFor(already.account.role));

function invalid(input, flag) {
  if (flag) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const problems = [];
  if (!login.value.trim()) problems.push({ field: 'identifiant', message: 'Saisissez votre identifiant.' });
  if (!password.value) problems.push({ field: 'mot-de-passe', message: 'Saisissez votre mot de passe.' });
  invalid(login, !login.value.trim());
  invalid(password, !password.value);
  if (problems.length) {
    showErrors(summary, problems);
    return;
  }
  const button = document.getElementById('se-connecter');
  button.disabled = true;
  button.textContent = 'Connexion…';
  try {
    const reply = await api('POST', '/api/v1/session', { login: login.value.trim(), password: password.value });
    saveSession(reply.token, reply.account);
    location.assign(homeFor(reply.account.role));
  } catch (error) {
    const message = error.code === 'too_many_attempts'
      ? 'Trop de tentatives : ' + error.message
      : error.message;
    showErrors(summary, [{ field: 'mot-de-passe', message }]);
    password.value = '';
    invalid(password, true);
    button.disabled = false;
    button.textContent = 'Se connecter';
  }
});

