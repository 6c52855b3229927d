// One proposal as the public reads it: what it asks for, how it was deliberated, its feasibility study and its whole
// history. Participants appear by table, never by name.
import { ApiProblem, callApi, formatCurrency, formatDayTime, formatInstantDay, formatNumber, h, isIdentifier, queryParameter, showPanel, showProblem } from './api.js';
import { NOT_OPENED, VOTE_CLOSED, coloniaNamer, finalistStatus, jornadaOf, loadNames, nameOf, names, voteIsOver } from './process-labels.js';

const alert = document.querySelector('[data-alert]');
const fill = (name, ...content) => document.querySelector(`[data-fill="${name}"]`).replaceChildren(...content);
const empty = text => h('p', { class: 'empty' }, text);
const proposalLink = (id, title) => h('a', { href: `propuesta.html?id=${encodeURIComponent(id)}` }, title);

function facts(...pairs) {
  return h('dl', { class: 'facts' }, ...pairs.filter(([, ...d]) => d[0] != null)
    .map(([term, ...description]) => h('div', {}, h('dt', {}, term), h('dd', {}, ...description))));
}

async function show(proposalId) {
  const p = await callApi(`/api/proposals/${encodeURIComponent(proposalId)}`);
  // The process gives the page its context (title, the names of its territory's colonias, the other proposals'
  // titles); without it the proposal is still shown.
  const processPath = `/api/processes/${encodeURIComponent(p.processId)}`;
  const [timeline, others] = await Promise.all([callApi(processPath).catch(ignore), callApi(`${processPath}/proposals`).catch(ignore)]);
  const colonia = coloniaNamer(timeline);
  const titles = new Map((others ?? []).map(o => [o.id, o.title]));
  const titleOf = id => titles.get(id) ?? 'otra propuesta';
  // The Jornada for a finalist's badge, and for a viable proposal left out: whether the two «se votan» or «se votaron».
  const jornada = timeline && ['Shortlisted', 'Viable'].includes(p.status) ? await jornadaOf(timeline) : null;
  const status = p.status === 'Shortlisted' && timeline ? finalistStatus(p.status, jornada) : p.status;

  document.title = `${p.title} · Propuesta · Plan de Acción Municipal`;
  fill('process-title', timeline?.title ?? '');
  const back = document.querySelector('[data-fill="back"]');
  back.href = `proceso.html?proceso=${encodeURIComponent(p.processId)}#propuestas`;
  back.textContent = timeline ? `Volver al proceso «${timeline.title}»` : 'Volver al proceso';

  fill('title', p.title);
  fill('badges',
    h('span', { class: `badge badge-${status.toLowerCase()}` }, nameOf(names.proposalStatuses, status)), ' ',
    h('span', { class: 'badge badge-plain' }, p.categoryLabel || nameOf(names.categories, p.category)));
  // A finalist leads to its Jornada: when it votes (and, after, how it ended), not only a badge that says it is voted on.
  const jornadaId = timeline?.shortlist?.jornadaId;
  const voted = jornadaId && ['Shortlisted', VOTE_CLOSED, NOT_OPENED, 'Chosen', 'NotChosen'].includes(status)
    ? h('p', { class: 'notice notice-info', 'data-jornada-link': '' },
      status === 'Shortlisted' ? 'Es una de las dos propuestas que se votan en la Jornada de Participación. '
        : status === NOT_OPENED ? 'Es una de las dos propuestas de la Jornada de Participación, que no se abrió: su periodo de votación terminó. '
        : 'Se votó en la Jornada de Participación. ',
      h('a', { href: `resultados.html?jornada=${encodeURIComponent(jornadaId)}` },
        ['Shortlisted', NOT_OPENED].includes(status) ? 'Ver la Jornada' : 'Ver los resultados de la Jornada'))
    // Viable and left out once the two finalists were chosen: «Viable» alone read as if it were still in the running.
    : jornadaId && p.status === 'Viable'
    ? h('p', { class: 'notice notice-info', 'data-not-shortlisted': '' },
      `Fue viable, pero no quedó entre las dos propuestas que se ${voteIsOver(jornada, timeline) ? 'votaron' : 'votan'} en la Jornada de Participación. `,
      h('a', { href: `proceso.html?proceso=${encodeURIComponent(p.processId)}#priorizacion` }, 'Ver cómo se eligieron'))
    : '';
  fill('merge', voted,
    p.mergedInto ? h('p', { class: 'notice notice-info' }, 'Esta propuesta se fusionó, por estar duplicada, en ', proposalLink(p.mergedInto, titleOf(p.mergedInto)),
      '; sus respaldos cuentan para esa propuesta.') : '',
    p.absorbedDuplicates.length ? h('p', { class: 'notice notice-info' },
      p.absorbedDuplicates.length === 1 ? 'Esta propuesta absorbió una propuesta duplicada: ' : 'Esta propuesta absorbió propuestas duplicadas: ',
      ...p.absorbedDuplicates.flatMap((id, i) => [i ? ', ' : '', proposalLink(id, titleOf(id))]), '.') : '');
  fill('description', p.description);
  fill('facts', facts(
    ['Colonia', colonia(p.coloniaId)],
    ['Presentada en', `Mesa ${p.tableNumber}`],
    ['Costo aproximado al presentarla', formatCurrency(p.roughCost)],
    ['Respaldos', formatNumber(p.endorsements)],
    ['Comentarios', formatNumber(p.comments)]));
  fill('deliberation', deliberation(p));
  fill('feasibility', feasibility(p.feasibility, p, titleOf));
  fill('timeline', ...p.timeline.map(entry => {
    const kind = nameOf(names.timelineKinds, entry.kind);
    return h('li', {},
      h('p', { class: 'timeline-head' },
        h('span', { class: 'badge badge-plain' }, kind), ' ',
        h('time', { datetime: entry.at }, formatDayTime(entry.at))),
      h('p', {}, withoutKind(entry.text, kind, entry.kind)));
  }));
  showPanel('proposal');
}

// An entry's text starts with its kind's name when it is read alone («Comentario: …», «Presentada en la mesa 1: …»);
// beside the badge that already says it, the rest is enough. After «Kind: » comes a resident's own text, kept as typed,
// but for the entries whose whole text is the service's own sentence; that sentence, and the one after «Kind », then
// starts with a capital (the proposal that lost the vote read «los habitantes eligieron…» under its badge).
const serviceSentences = new Set(['not_chosen']);
const capital = rest => rest[0].toLocaleUpperCase('es-MX') + rest.slice(1);
function withoutKind(text, kind, code) {
  if (text.startsWith(`${kind}: `)) {
    const rest = text.slice(kind.length + 2);
    return !rest ? text : serviceSentences.has(code) ? capital(rest) : rest;
  }
  if (!text.startsWith(`${kind} `)) return text;
  const rest = text.slice(kind.length + 1);
  return rest ? capital(rest) : text;
}

function ignore(error) {
  if (error instanceof ApiProblem) return null;
  throw error;
}

// A proposal withdrawn or merged into another is no longer deliberated nor studied: «Aún no se registra…» promised
// what will never come.
const closed = p => p.status === 'Withdrawn' || p.status === 'Merged';

function deliberation(p) {
  if (p.arguments.length === 0) return empty(closed(p) ? 'No se registraron argumentos sobre esta propuesta.' : 'Aún no se registran argumentos sobre esta propuesta.');
  const side = stance => {
    const said = p.arguments.filter(a => a.stance === stance);
    return h('div', { class: `stance stance-${stance.toLowerCase()}` },
      h('h4', {}, `${nameOf(names.stances, stance)} (${formatNumber(said.length)})`),
      said.length
        ? h('ul', {}, ...said.map(a => h('li', {}, a.text, ' ', h('span', { class: 'hint' }, `(${formatInstantDay(a.at)})`))))
        : empty('Ninguno.'));
  };
  return h('div', {},
    h('p', {}, `${formatNumber(p.argumentsFor)} a favor y ${formatNumber(p.argumentsAgainst)} en contra; ${formatNumber(p.comments)} ${p.comments === 1 ? 'comentario' : 'comentarios'}.`),
    h('div', { class: 'stances' }, side('For'), side('Against')));
}

function feasibility(study, p, titleOf) {
  if (!study && p.status === 'Withdrawn') return empty('No tiene estudio de factibilidad: quien la presentó la retiró.');
  if (!study && p.status === 'Merged') {
    return h('p', { class: 'empty' }, 'No tiene estudio de factibilidad propio: se fusionó en ', proposalLink(p.mergedInto, titleOf(p.mergedInto)),
      ', y el estudio de esa propuesta es el que cuenta.');
  }
  if (!study) return empty('Aún no se registra el estudio de factibilidad de las autoridades municipales.');
  const assessment = (name, a) => h('li', {},
    h('strong', {}, `${name}: `), a.viable ? '✓ Viable' : '✗ No viable', a.notes ? ` · ${a.notes}` : '');
  return h('div', {},
    h('p', { class: 'badges' }, h('span', { class: `badge badge-${study.verdict.toLowerCase()}` }, `Dictamen: ${nameOf(names.verdicts, study.verdict)}`)),
    facts(
      ['Costo estimado', formatCurrency(study.costEstimate)],
      ['Fecha del estudio', formatInstantDay(study.studiedAt)]),
    h('ul', { class: 'plain-list' },
      assessment('Viabilidad técnica', study.technical),
      assessment('Viabilidad legal', study.legal),
      assessment('Viabilidad presupuestal', study.budget)),
    h('p', {}, h('strong', {}, 'Motivos: '), study.reasons));
}

async function start() {
  const id = queryParameter('id');
  try {
    if (!id) {
      document.querySelector('[data-panel="loading"]').hidden = true;
      return showProblem(alert, { title: 'Falta la propuesta', detail: 'Abra una propuesta desde la página de su proceso de participación.' });
    }
    // A link cut short (a chat app's preview, a copy) was answered with the API's «No existe el recurso solicitado.
    // Revise la dirección y el identificador.», and neither said where to find the proposal.
    if (!isIdentifier(id)) throw new ApiProblem(404, { code: 'not_found', title: 'No encontrado', detail: 'No existe una propuesta con ese identificador.' });
    await loadNames();
    await show(id.trim());
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    document.querySelector('[data-panel="loading"]').hidden = true;
    showProblem(alert, error, error.status === 404 ? 'Revise el enlace, o abra la propuesta desde la página de su proceso, en «Todos los procesos».' : undefined);
  }
}

start();
