// ¿Alguien votó con mis datos? Identifier and voting code in; yes or no, the channel and the day out. Never the choice.
import { ApiProblem, callApi, h, identifierOf, invalidIdentifier, normalizeIdentifier, oneAtATime, queryParameter, serviceNow, upperCaseAsTyped } from './api.js';
import { hasValidCheck, normalizeVotingCode, whyNotAVotingCode } from './voting-code.js';

const form = document.querySelector('[data-form="check"]');
const result = document.querySelector('[data-result]');
const withdrawn = document.querySelector('[data-withdrawn]');
let jornada = null; // the chosen Jornada's details: its identifier is the clave de elector or the CURP
let withdrawnOutOfTheChoice = []; // withdrawn Jornadas whose notice is shown above and which the choice leaves out

const fieldError = (name, message) => {
  form.querySelector(`[data-error="${name}"]`).textContent = message;
  if (message) form.elements[name].setAttribute('aria-invalid', 'true');
  else form.elements[name].removeAttribute('aria-invalid');
};

async function listJornadas() {
  try {
    const list = await callApi('/api/jornadas');
    const wanted = queryParameter('jornada');
    // Withdrawn before it opened, its letters mailed (the list holds no other withdrawn Jornada): nobody voted in it, so
    // there is nothing to ask; whoever typed the letter's address learns why, until 30 days after its planned end. A
    // link's Jornada stays in the choice as before, and its answer says the same; a link to another Jornada (a receipt's,
    // a letter's QR) shows no notice of a withdrawn one, which is not what its holder asks about.
    const since = serviceNow() - 30 * 24 * 60 * 60_000;
    const noticed = list.filter(j => j.status === 'Withdrawn' && j.withdrawal && (wanted ? j.id === wanted : Date.parse(j.votingClosesAt) >= since));
    withdrawn.replaceChildren(...noticed.map(j => notice('warning', 'Jornada retirada', j.withdrawal.notice)));
    const jornadas = list.filter(j => j.status !== 'Preparing' && (j.status !== 'Withdrawn' || j.id === wanted));
    withdrawnOutOfTheChoice = noticed.filter(j => !jornadas.some(c => c.id === j.id));
    // A link's Jornada that the list leaves out (withdrawn before it opened, or not open yet) is still the one asked about:
    // its answer says so, where the page took another Jornada and asked about that one instead.
    if (wanted && !jornadas.some(j => j.id === wanted)) {
      try {
        const linked = await callApi(`/api/jornadas/${encodeURIComponent(wanted)}`);
        jornadas.unshift(linked);
        if (linked.withdrawal) withdrawn.replaceChildren(notice('warning', 'Jornada retirada', linked.withdrawal.notice));
      } catch (error) {
        if (!(error instanceof ApiProblem)) throw error;
      }
    }
    form.elements.jornada.replaceChildren(...jornadas.map(j => h('option', { value: j.id }, j.title)));
    // Without a link's ?jornada=, the one voting now, else the one that closed last: the list comes newest first by
    // creation, which may be a test or a Jornada long published. Of those, one voted online first: the check asks for
    // the code of a letter, and only those Jornadas issued any.
    const lastClosed = [...jornadas].sort((a, b) => Date.parse(b.votingClosesAt) - Date.parse(a.votingClosesAt));
    const likeliest = jornadas.find(j => j.status === 'Open' && j.onlineVoting) ?? jornadas.find(j => j.status === 'Open')
      ?? lastClosed.find(j => j.onlineVoting) ?? lastClosed[0];
    if (jornadas.some(j => j.id === wanted)) form.elements.jornada.value = wanted;
    else if (likeliest) form.elements.jornada.value = likeliest.id;
    if (jornadas.length === 0) fieldError('jornada', 'No hay ninguna Jornada abierta o cerrada que consultar.');
    else await nameTheIdentifier();
    return true;
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    result.replaceChildren(notice('problem', error.title, error.detail));
    return false;
  }
}

/** Labels the identifier field with the chosen Jornada's identifier: clave de elector, or CURP. */
async function nameTheIdentifier() {
  const id = form.elements.jornada.value;
  try {
    jornada = id ? await callApi(`/api/jornadas/${encodeURIComponent(id)}`) : null;
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    jornada = null;
  }
  const identifier = identifierOf(jornada);
  form.querySelector('label[for="voter-id"]').textContent = identifier.label;
  form.querySelector('#voter-id-hint').textContent = identifier.hint;
  document.querySelector('[data-fill="id-name"]').textContent = `su ${identifier.label === 'CURP' ? 'CURP' : 'clave de elector'}`;
}

// One question at a time: a double tap would only send the same question twice.
const checkOnce = oneAtATime(form, () => check());

async function check() {
  // On a slow connection the list of Jornadas may still be on its way when the resident presses Consultar: wait for it
  // rather than say «Elija la Jornada» over a list that fills in a moment later.
  // A list that could not be loaded (no connection when the page opened) is asked for again.
  result.replaceChildren(h('p', {}, 'Consultando…'));
  if (!(await listed)) listed = listJornadas();
  if (!(await listed)) return;
  result.replaceChildren();
  const jornadaId = form.elements.jornada.value;
  const voterId = normalizeIdentifier(form.elements.voterId.value); // as the service reads it: a dash of any kind is no character
  const typed = [...voterId].length;
  const code = normalizeVotingCode(form.elements.votingCode.value);
  // Nothing to choose but a withdrawn Jornada's notice above: its letter's holder is answered about that one.
  fieldError('jornada', jornadaId || withdrawnOutOfTheChoice.length ? '' : 'Elija la Jornada.');
  const { the } = identifierOf(jornada);
  const The = `${the[0].toUpperCase()}${the.slice(1)}`;
  fieldError('voterId', typed === 18 ? '' : typed === 0 ? `Escriba ${the}.` : `${The} tiene 18 caracteres; escribió ${typed}.`);
  fieldError('votingCode', form.elements.votingCode.value.trim() === '' ? 'Escriba el código de votación de su carta.'
    : code === null ? whyNotAVotingCode(form.elements.votingCode.value)
    : hasValidCheck(code) ? '' : 'Ese código tiene un error de escritura: revise cada carácter contra su carta.');
  const invalid = form.querySelector('[aria-invalid="true"]');
  if (invalid) return invalid.focus();

  result.replaceChildren(h('p', {}, 'Consultando…'));
  let answer = jornadaId ? await ask(jornadaId, voterId, code) : null;
  // The letter's printed address has no Jornada, and the choice leaves out a withdrawn one whose notice is above: its
  // letter's right code was refused as wrong for the Jornada chosen instead. Asked about each of those too, a right code
  // is told which one it belongs to; any other answer is the chosen Jornada's, the same for a wrong code and for an
  // identifier off the roll, so nothing is learnt without the code.
  let theirs = null;
  if (!answer || ['invalid_voting_credentials', 'invalid_voter_id'].includes(answer.problem?.code)) {
    for (const j of withdrawnOutOfTheChoice) {
      const asked = await ask(j.id, voterId, code);
      if (asked.status) {
        [answer, theirs] = [asked, j];
        break;
      }
      answer ??= asked;
    }
  }
  const { status, problem: error } = answer;
  if (status) {
    // Answered: the clave and the code leave the screen, so the next person at a shared phone or computer does not find
    // a pair the page just said can still vote.
    form.elements.voterId.value = '';
    form.elements.votingCode.value = '';
    const idName = theirs ? await identifierNameOf(theirs.id) : document.querySelector('[data-fill="id-name"]').textContent;
    // A withdrawn Jornada's «no habrá votación» is no success to show in green.
    result.replaceChildren(notice(status.voted || theirs ? 'info' : 'success', status.voted ? 'Sí se votó con sus datos' : 'No se ha votado con sus datos',
      theirs ? `${idName[0].toUpperCase()}${idName.slice(1)} y su código son de una carta de «${theirs.title}», la Jornada retirada (vea el aviso de arriba). ${status.message}`
        : status.message,
      `Por su privacidad, ${idName} y su código se borraron de esta página.`));
    // «Aún puede votar»: where, at once, rather than only the footer's link (a walk-through's).
    if (status.canVoteOnlineNow) {
      result.firstChild.append(h('p', {}, h('a', { href: `votar.html?jornada=${encodeURIComponent(status.jornadaId)}` }, 'Votar en línea ahora')));
    }
    return;
  }
  const problem = error.code === 'invalid_voter_id' ? invalidIdentifier(jornada) : error;
  if (error.code === 'invalid_voter_id') form.elements.voterId.setAttribute('aria-invalid', 'true');
  // The letter's printed address has no Jornada: with several in the list, the one chosen for the resident may not be
  // the one of their letter, and a right code for another Jornada is refused like a wrong one.
  const another = error.code === 'invalid_voting_credentials' && form.elements.jornada.options.length > 1
    ? ` Revise también que eligió arriba la Jornada que dice su carta: ahora está elegida «${form.elements.jornada.selectedOptions[0]?.text}».`
    : '';
  result.replaceChildren(notice('problem', problem.title, problem.detail + another));
}

/** The service's answer about this Jornada: { status }, or { problem } when it refused. */
async function ask(jornadaId, voterId, votingCode) {
  try {
    return { status: await callApi(`/api/jornadas/${encodeURIComponent(jornadaId)}/participation-check`,
      { method: 'POST', body: { voterId, votingCode } }) };
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    return { problem: error };
  }
}

/** «su clave de elector» or «su CURP», as that Jornada asks for it; «sus datos» if it cannot be read now. */
async function identifierNameOf(jornadaId) {
  try {
    return `su ${identifierOf(await callApi(`/api/jornadas/${encodeURIComponent(jornadaId)}`)).label === 'CURP' ? 'CURP' : 'clave de elector'}`;
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    return 'sus datos';
  }
}

function notice(kind, title, message, more) {
  return h('div', { class: `notice notice-${kind}` }, h('h2', {}, title), h('p', {}, message), ...(more ? [h('p', {}, more)] : []));
}

upperCaseAsTyped(form.elements.voterId);
upperCaseAsTyped(form.elements.votingCode);
form.addEventListener('submit', event => {
  event.preventDefault();
  checkOnce();
});
form.elements.jornada.addEventListener('change', nameTheIdentifier);
let listed = listJornadas();
