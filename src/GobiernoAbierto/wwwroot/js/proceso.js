// The Plan de Acción Municipal as the public follows it: its stages, work tables, proposals and their ranking, the
// two that went to the vote, the convenio, the committee's sessions and agreements, and the chosen work's progress.
// Everything here is public; participants appear by colonia and table, never by name.
import {
  ApiProblem, callApi, dayElement, formatCurrency, formatDayTime, formatInstantDay, formatNumber, formatPercent, h, isIdentifier, queryParameter, serviceNow,
  showPanel, showProblem,
} from './api.js';
import { NOT_OPENED, VOTE_CLOSED, certifiedResultsOf, coloniaNamer, finalistStatus, jornadaOf, loadNames, nameOf, names, neverOpened, voteIsOver } from './process-labels.js';

const alert = document.querySelector('[data-alert]');
const fill = (name, ...content) => document.querySelector(`[data-fill="${name}"]`).replaceChildren(...content);

/** What a section says while its part of the process has not happened. */
const empty = text => h('p', { class: 'empty' }, text);
const proposalLink = (id, title) => h('a', { href: `propuesta.html?id=${encodeURIComponent(id)}` }, title);
const plural = (n, one, many) => `${formatNumber(n)} ${n === 1 ? one : many}`;

/** A definition list of [term, ...description] pairs; pairs whose description is null are left out. */
function facts(...pairs) {
  return h('dl', { class: 'facts' }, ...pairs.filter(([, ...d]) => d[0] != null)
    .map(([term, ...description]) => h('div', {}, h('dt', {}, term), h('dd', {}, ...description))));
}

async function showList() {
  const processes = await callApi('/api/processes');
  const panel = showPanel('pick');
  const list = panel.querySelector('[data-list]');
  list.replaceChildren(...processes.map(p => h('li', {},
    h('a', { class: 'choice', href: `?proceso=${encodeURIComponent(p.id)}` },
      h('span', { class: 'choice-title' }, p.title),
      h('span', {}, `Etapa actual: ${p.currentStageLabel}`)))));
  if (processes.length === 0) list.append(h('li', {}, 'Aún no se registra ningún proceso de participación.'));
}

/** A part of the page that could not be read: said in its section, and the rest of the page is still shown. */
const unreadable = problem => h('div', { class: 'alert' }, h('strong', {}, problem.title), ' ', problem.detail ?? '',
  ' Esta sección no se pudo cargar; vuelva a intentarlo en unos momentos.');

async function part(path) {
  try {
    return await callApi(path);
  } catch (error) {
    if (error instanceof ApiProblem) return error;
    throw error;
  }
}

async function showProcess(processId) {
  const base = `/api/processes/${encodeURIComponent(processId)}`;
  // The timeline decides whether there is a process at all; each other part fails on its own.
  const [timeline, tables, proposals, ranking, committee, progress] = await Promise.all([
    callApi(base), part(`${base}/work-tables`), part(`${base}/proposals`), part(`${base}/ranking`),
    part(`${base}/committee`), part(`${base}/work-progress`),
  ]);
  const jornada = await jornadaOf(timeline);
  const certified = await certifiedResultsOf(jornada);
  const colonia = coloniaNamer(timeline);
  const axisName = id => timeline.axes.find(a => a.id === id)?.name ?? id;
  const titles = new Map(proposals instanceof ApiProblem ? [] : proposals.map(p => [p.id, p.title]));
  const section = (name, data, render) => fill(name, data instanceof ApiProblem ? unreadable(data) : render(data));

  document.title = `${timeline.title} · Plan de Acción Municipal`;
  fill('title', timeline.title);
  fill('current-stage', timeline.currentStageLabel);
  fill('territory', `Participan habitantes de ${plural(timeline.colonias, 'colonia', 'colonias')} en ${plural(timeline.delegaciones, 'delegación', 'delegaciones')}.`);
  fill('axes', ...timeline.axes.map(a => h('li', {}, a.name)));
  fill('stages', ...timeline.stages.map(s => stage(s, jornada)));
  fill('calendar-replans', ...(timeline.calendarReplans ?? []).map(calendarReplan));
  section('tables', tables, t => workTables(t, colonia));
  // A process published before publication named both proposals left the other one «Shortlisted»: its chosen work says.
  const settledStatus = p => p.status === 'Shortlisted' && timeline.chosenWork?.proposalId
    ? (p.id === timeline.chosenWork.proposalId ? 'Chosen' : 'NotChosen') : finalistStatus(p.status, jornada);
  const settled = proposals instanceof ApiProblem ? proposals : proposals.map(p => ({ ...p, status: settledStatus(p) }));
  section('proposals', settled, p => proposalList(p, colonia, Boolean(timeline.shortlist), voteIsOver(jornada, timeline)));
  section('ranking', ranking, r => rankingList(r, timeline.shortlist, settled instanceof ApiProblem ? [] : settled));
  fill('shortlist', shortlist(timeline, jornada, titles, ranking instanceof ApiProblem ? null : ranking.rule));
  fill('convenio', convenio(timeline.convenio));
  section('sessions', committee, c => sessions(timeline, c, axisName));
  section('agreements', committee, c => agreements(c, axisName, timeline));
  section('progress', progress, p => workProgress(p, jornada, certified));
  showPanel('process');
}

// The Jornada's stage says when it votes as well as the calendar's day: the window the second table set may be another
// day, and the page said both without saying which was which.
function stage(s, jornada) {
  const attributes = { class: `stage stage-${s.status.toLowerCase()}` };
  if (s.status === 'Current') attributes['aria-current'] = 'step';
  const reached = s.reachedAt && s.status !== 'Upcoming'
    ? h('p', { class: 'stage-reached' }, `${s.stage === 'Concluded' ? 'Concluyó' : 'Inició'} el ${formatInstantDay(s.reachedAt)}.`)
    : null;
  return h('li', attributes,
    h('span', { class: 'stage-mark', 'aria-hidden': 'true' }),
    h('div', { class: 'stage-body' },
      h('p', { class: 'stage-name' }, s.label ?? nameOf(names.stages, s.stage)),
      h('p', { class: 'stage-meta' },
        h('span', { class: 'badge' }, nameOf(names.stageStatuses, s.status)), ' ',
        s.plannedOn ? h('span', {}, 'Fecha prevista: ', h('span', { class: 'nowrap' }, dayElement(s.plannedOn)),
          s.previouslyPlannedOn ? h('span', { 'data-replanned': '' }, ' (reprogramada; antes ', h('span', { class: 'nowrap' }, dayElement(s.previouslyPlannedOn)), ')') : null) : null,
        s.stage === 'Jornada' && jornada
          ? h('span', { 'data-voting-window': '' }, s.plannedOn ? ' · ' : '', 'Votación: ', `${jornada.votingWindowLabel} (hora del centro de México)`)
          : null),
      s.objective ? h('p', { class: 'stage-objective' }, s.objective) : null,
      reached));
}

/** A re-planning of the calendar: when, why (staff must say), and the dates the stages had before. */
function calendarReplan(r) {
  const before = r.stages.filter(s => s.wasPlannedOn && s.wasPlannedOn !== s.plannedOn);
  const aims = r.stages.filter(s => (s.wasObjective ?? '') !== (s.objective ?? ''));
  return h('p', { class: 'notice', 'data-calendar-replanned': '' },
    `El ${formatInstantDay(r.replannedAt)} ${r.replannedBy} reprogramó el calendario: ${quoted(r.reason)}.`,
    ...(before.length === 0 ? [] : [' Fechas anteriores: ', ...before.flatMap((s, i) => [i ? '; ' : '', `«${s.label}», `, dayElement(s.wasPlannedOn)]), '.']),
    ...(aims.length === 0 ? [] : [` ${aims.length === 1 ? 'Cambió el objetivo de' : 'Cambiaron los objetivos de'} `, aims.map(s => `«${s.label}»`).join(', '), '.']));
}

function workTables(tables, colonia) {
  if (tables.length === 0) return empty('Aún no se registran mesas de trabajo.');
  return h('ul', { class: 'cards', role: 'list' }, ...tables.map(t => {
    const counts = new Map();
    for (const p of t.participants) counts.set(p.coloniaId, (counts.get(p.coloniaId) ?? 0) + 1);
    const represented = [...counts].sort(([a, x], [b, y]) => y - x || colonia(a).localeCompare(colonia(b), 'es-MX'))
      .map(([id, n]) => `${colonia(id)} (${n})`).join(', ');
    return h('li', { class: 'card' },
      h('h4', {}, tableHeading(t)),
      facts(
        ['Modalidad', nameOf(names.tableModes, t.mode)],
        ['Lugares ocupados', `${formatNumber(t.seated)} de ${formatNumber(t.capacity)}`],
        ['Sesión', `${formatDayTime(t.meetsAt)} (hora del centro de México)`],
        ['Sede', t.place],
        ['Colonias representadas', represented || 'Aún nadie integra esta mesa.']));
  }));
}

function proposalList(proposals, colonia, finalistsChosen, voted) {
  if (proposals.length === 0) return empty('Aún no se registran propuestas.');
  const titles = new Map(proposals.map(p => [p.id, p.title]));
  return h('ul', { class: 'cards', role: 'list' }, ...proposals.map(p => h('li', { class: 'card' },
    h('h4', {}, proposalLink(p.id, p.title)),
    h('p', { class: 'badges' },
      h('span', { class: `badge badge-${p.status.toLowerCase()}` }, nameOf(names.proposalStatuses, p.status)), ' ',
      h('span', { class: 'badge badge-plain' }, p.categoryLabel || nameOf(names.categories, p.category))),
    finalistsChosen && p.status === 'Viable'
      ? h('p', { class: 'hint', 'data-not-shortlisted': '' }, `No quedó entre las dos que se ${voted ? 'votaron' : 'votan'} en la Jornada.`) : null,
    facts(
      ['Colonia', colonia(p.coloniaId)],
      ['Mesa', `Mesa ${p.tableNumber}`],
      ['Respaldos', formatNumber(p.endorsements)],
      ['Argumentos', `${formatNumber(p.argumentsFor)} a favor · ${formatNumber(p.argumentsAgainst)} en contra`],
      ['Costo aproximado', formatCurrency(p.roughCost)],
      ['Estudio de factibilidad', p.feasibility
        ? `${nameOf(names.verdicts, p.feasibility.verdict)} · costo estimado ${formatCurrency(p.feasibility.costEstimate)}`
        // Withdrawn or merged, it will never have one: «Aún no se registra» promised it.
        : p.status === 'Withdrawn' ? 'No tiene: se retiró.' : p.status === 'Merged' ? 'No tiene propio: cuenta el de la propuesta en que se fusionó.' : 'Aún no se registra.'],
      ['Fusionada en', p.mergedInto ? proposalLink(p.mergedInto, titles.get(p.mergedInto) ?? 'otra propuesta') : null]))));
}

/** The shortlisted proposals' badge follows the vote: «Se vota en la Jornada», then chosen or not once published. */
function rankingList(ranking, shortlist, proposals) {
  const rule = h('div', { class: 'rule' }, h('p', { class: 'rule-title' }, 'Regla de priorización'), h('p', {}, ranking.rule));
  if (ranking.rows.length === 0) return h('div', {}, rule, empty('Aún no hay propuestas en deliberación que ordenar.'));
  const chosen = new Set(shortlist?.proposalIds ?? []);
  const status = new Map(proposals.map(p => [p.id, p.status]));
  const settled = id => ['Chosen', 'NotChosen', VOTE_CLOSED, NOT_OPENED].includes(status.get(id)) ? status.get(id) : 'Shortlisted';
  // Finalists the table chose directly are not the rule's: say so beside the rule, where the badges would contradict it.
  const direct = shortlist && shortlist.rule !== ranking.rule
    ? h('p', { class: 'notice', 'data-direct-choice': '' }, 'La segunda mesa de trabajo no eligió las finalistas con esta regla. ',
      h('strong', {}, 'Regla que aplicó: '), shortlist.rule)
    : null;
  return h('div', {}, rule, direct,
    h('ol', { class: 'ranking', role: 'list', 'aria-label': 'Ranking consolidado de las propuestas' }, ...ranking.rows.map(r => h('li', {},
      h('span', { class: 'rank', 'aria-hidden': 'true' }, `${r.rank}`),
      h('div', {},
        // A space between the title and its badge, as the proposal cards have: read as text, «…Loma BonitaElegida en la Jornada».
        h('p', { class: 'rank-title' }, proposalLink(r.proposalId, r.title),
          ...(chosen.has(r.proposalId)
            ? [' ', h('span', { class: `badge badge-${settled(r.proposalId).toLowerCase()}` }, nameOf(names.proposalStatuses, settled(r.proposalId)))]
            : [])),
        h('p', { class: 'rank-meta' }, [
          plural(r.endorsements, 'respaldo', 'respaldos'),
          `Mesa ${r.tableNumber}`,
          r.verdict ? `Dictamen: ${nameOf(names.verdicts, r.verdict)}` : 'Sin dictamen de factibilidad',
          r.costEstimate != null ? `Costo estimado: ${formatCurrency(r.costEstimate)}` : null,
        ].filter(Boolean).join(' · ')))))));
}

function shortlist(timeline, jornada, titles, rankingRule) {
  const s = timeline.shortlist;
  if (!s) return empty('Aún no se eligen las dos propuestas que se votarán en la Jornada de Participación.');
  const resultsHref = `resultados.html?jornada=${encodeURIComponent(s.jornadaId)}`;
  const options = jornada
    ? jornada.options.map(o => h('li', {}, h('strong', {}, `Proyecto ${o.id}: `),
      o.proposalId ? proposalLink(o.proposalId, o.title) : o.title, ` · costo estimado ${formatCurrency(o.estimatedCost)}`))
    : s.proposalIds.map(id => h('li', {}, proposalLink(id, titles.get(id) ?? 'Propuesta')));
  const work = timeline.chosenWork;
  return h('div', {},
    h('p', {}, `La segunda mesa de trabajo eligió el ${formatInstantDay(s.chosenAt)} las dos propuestas que se votan:`),
    h('ol', { class: 'shortlist' }, ...options),
    s.rule === rankingRule
      ? h('p', {}, 'Se eligieron con la ', h('a', { href: '#priorizacion' }, 'regla de priorización'), ': las dos primeras del ranking con dictamen viable.')
      : h('p', {}, h('strong', {}, 'Regla: '), s.rule),
    ...(timeline.earlierJornadas ?? []).map(earlier => h('p', { class: 'notice', 'data-earlier-jornada': '' },
      {
        tally_tied: 'Una Jornada anterior terminó empatada: los dos proyectos obtuvieron los mismos votos. ',
        no_ballots: 'Una Jornada anterior cerró sin votos. ',
      }[earlier.outcome] ?? 'Una Jornada anterior no se abrió en su horario. ',
      `El ${formatInstantDay(earlier.newJornadaCalledAt)} se convocó una nueva Jornada con las mismas dos propuestas. `,
      h('a', { href: `resultados.html?jornada=${encodeURIComponent(earlier.jornadaId)}` }, 'Resultados de la Jornada anterior'))),
    jornada ? facts(
      ['Jornada', jornada.title],
      ['Estado', jornada.statusLabel],
      ['Periodo de votación', `${jornada.votingWindowLabel} (hora del centro de México)`]) : null,
    work ? h('div', { class: 'notice notice-success' },
      h('h4', {}, 'Obra elegida por los habitantes'),
      h('p', { class: 'chosen-title' }, `Proyecto ${work.optionId}: `, work.proposalId ? proposalLink(work.proposalId, work.title) : work.title),
      h('p', {}, `Presupuesto: ${formatCurrency(work.budget)}`)) : null,
    // The same page before and after the vote; the button says what it shows now (no results before the close).
    h('p', { class: 'actions' }, h('a', { class: 'button', href: resultsHref }, {
      Preparing: 'Ver el horario de la Jornada',
      NeverOpened: 'Ver la Jornada',
      Open: 'Ver la participación en curso',
    }[neverOpened(jornada) ? 'NeverOpened' : jornada?.status] ?? 'Ver resultados de la Jornada')));
}

function convenio(c) {
  if (!c) return empty('Aún no se registra la firma del convenio de colaboración.');
  return h('div', {},
    facts(
      ['Fecha de firma', dayElement(c.signedOn)],
      ['Documento', c.documentTitle]),
    h('h4', {}, 'Partes que lo firman'),
    h('ul', { class: 'plain-list' }, ...c.parties.map(p => h('li', {}, h('strong', {}, p.name), ` · ${p.role}`))),
    h('h4', {}, 'Huella digital (SHA-256) del documento firmado'),
    h('p', {}, h('code', { class: 'hash' }, c.documentSha256)),
    c.documentUrl ? h('p', {}, h('a', { href: c.documentUrl, rel: 'noopener' }, 'Descargar el convenio firmado')) : null,
    h('p', { class: 'hint' },
      'Cualquier persona puede comprobar que un PDF es el convenio firmado: calcule su huella con ',
      h('code', {}, 'sha256sum convenio.pdf'), ' (en Windows: ', h('code', {}, 'certutil -hashfile convenio.pdf SHA256'),
      ') y compárela con la de arriba. Si coinciden todos los caracteres, es el mismo documento; si cambia una sola letra del PDF, la huella es otra.'));
}

function sessions(timeline, committee, axisName) {
  return h('ol', { class: 'cards sessions', role: 'list' }, ...names.committeeSessions.map(({ number, stage: stageName, name }) => {
    const planned = timeline.stages.find(s => s.stage === stageName)?.plannedOn;
    const held = committee.sessions.find(s => s.number === number);
    const heading = h('h4', {}, name);
    if (!held) {
      return h('li', { class: 'card card-pending' }, heading,
        h('p', { class: 'empty' }, 'Aún no se registra esta sesión.', planned ? h('span', {}, ' Fecha prevista: ', dayElement(planned), '.') : null));
    }
    const byRole = new Map();
    for (const m of held.members) byRole.set(m.role, [...(byRole.get(m.role) ?? []), m.name]);
    // In the order the session followed, consecutive points of one axis under it: grouped by axis over the whole agenda,
    // its first and last points came together ahead of the one between them (an outside tester's).
    const runs = held.agenda.reduce((all, item) => {
      if (all.at(-1)?.axis === item.axisId) all.at(-1).items.push(item);
      else all.push({ axis: item.axisId, items: [item] });
      return all;
    }, []);
    return h('li', { class: 'card' }, heading,
      facts(
        ['Fecha', dayElement(held.heldOn)],
        ...[...byRole].map(([role, names]) => [names.length > 1 ? pluralRole(role) : role, names.join(', ')]),
        ['Organizaciones invitadas', held.invitedOrganisations.length ? held.invitedOrganisations.join(', ') : 'Ninguna.'],
        ['Acuerdos tomados', held.newAgreementIds.length
          ? h('span', {}, ...held.newAgreementIds.flatMap((id, i) => [i ? ', ' : '', h('a', { href: `#acuerdo-${id}` }, id)]))
          : 'Ninguno.']),
      h('p', { class: 'subhead' }, 'Orden del día'),
      h('ul', { class: 'agenda' }, ...runs.map(run => h('li', {},
        h('span', { class: 'axis-name' }, `Eje: ${axisName(run.axis)}`),
        h('ul', {}, ...run.items.map(i => h('li', {}, i.topic)))))),
      h('details', {}, h('summary', {}, 'Minuta de la sesión'), h('p', { class: 'minutes' }, held.minutes)));
  }));
}

const pluralRole = role => ({ Presidente: 'Presidentes', Vocal: 'Vocales', 'Secretaria Técnica': 'Secretarias Técnicas' })[role] ?? role;

/** Today in Querétaro as YYYY-MM-DD by the service's clock (as the console's «vencida»), to compare with an agreement's dueOn. */
const todayInQueretaro = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City' }).format(new Date(serviceNow()));

function agreements(committee, axisName, timeline) {
  if (committee.agreements.length === 0) return empty('Aún no se registran acuerdos del Comité.');
  const today = todayInQueretaro();
  const open = a => ['Pending', 'InProgress'].includes(a.status);
  // An agreement's status changes only in a committee session, and a concluded process has no session after its last: an
  // open agreement then stays as that session left it, and «Fecha compromiso vencida» read as a debt that grew forever.
  const concludedAt = timeline.currentStage === 'Concluded' ? timeline.stages.find(s => s.stage === 'Concluded')?.reachedAt : null;
  // As FollowedAgreement.IsOverdueOn: its date passed and it is neither done nor cancelled; on a concluded process, by
  // the day it concluded (what was late then stays said; a date after it is no debt of a session that cannot come).
  const concludedDay = concludedAt
    ? new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City' }).format(new Date(concludedAt)) : null;
  const overdue = a => a.dueOn && a.dueOn < (concludedDay ?? today) && open(a);
  return h('ul', { class: 'cards', role: 'list' }, ...committee.agreements.map(a => h('li', { class: 'card', id: `acuerdo-${a.id}` },
    h('h4', {}, `Acuerdo ${a.id}`),
    h('p', { class: 'badges' }, h('span', { class: `badge badge-agreement-${a.status.toLowerCase()}` }, `Estado: ${nameOf(names.agreementStatuses, a.status)}`),
      ...(overdue(a) ? [' ', h('span', { class: 'badge badge-agreement-overdue' }, concludedAt ? 'Fecha compromiso vencida al concluir el proceso' : 'Fecha compromiso vencida')] : [])),
    concludedAt && open(a) ? h('p', { class: 'hint', 'data-no-follow-up': '' },
      `Sin más seguimiento: el proceso concluyó el ${formatDayTime(concludedAt)} (hora del centro de México), sin otra sesión del Comité.`) : null,
    h('p', {}, a.text),
    facts(
      ['Eje', axisName(a.axisId)],
      ['Responsable', a.responsible],
      ['Fecha compromiso', a.dueOn ? dayElement(a.dueOn) : 'Sin fecha compromiso'],
      ['Tomado en', `Sesión ordinaria ${a.session}`]),
    h('p', { class: 'subhead' }, 'Seguimiento'),
    h('ol', { class: 'history' }, ...a.history.map(entry => h('li', {},
      dayElement(entry.on), ` · Sesión ${entry.session}: `, h('strong', {}, entry.statusText ?? nameOf(names.agreementStatuses, entry.status)),
      entry.note ? ` · ${entry.note}` : ''))))));
}

function meter(labelId, percent, text, variant = '') {
  const bar = h('span', { class: 'meter-fill' });
  bar.style.width = `${Math.min(100, Math.max(0, percent))}%`;
  return h('div', {
    class: `meter ${variant}`.trim(), role: 'progressbar', 'aria-labelledby': labelId,
    'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(Math.min(100, percent)), 'aria-valuetext': text,
  }, bar);
}

function workProgress(progress, jornada, certified) {
  const work = progress.work;
  // A Jornada whose period ended before it opened will never vote: it read «se publica después de la Jornada». Its
  // results say that it chooses nothing and what comes next.
  if (!work && certified && neverOpened(jornada)) {
    return h('p', { class: 'empty', 'data-nothing-chosen': '' }, 'Aún no hay obra elegida. ', certified.outcomeLabel, ' ',
      h('a', { href: `resultados.html?jornada=${encodeURIComponent(jornada.id)}` }, 'Ver la Jornada'));
  }
  // A certified tie (or a Jornada without ballots) chooses nothing, and nothing will be published: it read that the
  // Municipio would publish the chosen project. Said as the results say it, and what comes next.
  if (!work && certified && certified.outcome !== 'Winner') {
    return h('p', { class: 'empty', 'data-nothing-chosen': '' }, 'Aún no hay obra elegida: el IEEQ certificó el cómputo de la Jornada. ',
      certified.outcomeLabel, ' ', h('a', { href: `resultados.html?jornada=${encodeURIComponent(jornada.id)}` }, 'Ver los resultados de la Jornada'));
  }
  // Once the vote closed, «después de la Jornada» read as if something had gone wrong: the Jornada was over. What is
  // missing then (the IEEQ's certification, the publication, or a new Jornada after a tie) is what its results say.
  if (!work && ['Closed', 'Certified'].includes(jornada?.status)) {
    return h('p', { class: 'empty', 'data-awaiting-publication': '' }, 'Aún no hay obra elegida: la votación de la Jornada ya cerró. ',
      'La obra se anuncia aquí una vez que el IEEQ certifica el cómputo y el Municipio publica el proyecto elegido; vea en ',
      h('a', { href: `resultados.html?jornada=${encodeURIComponent(jornada.id)}` }, 'los resultados de la Jornada'), ' en qué paso va.');
  }
  if (!work) return empty('Aún no hay obra elegida: su avance se publica después de la Jornada de Participación.');
  const title = h('p', { class: 'chosen-title' }, `Proyecto ${work.optionId}: `, work.proposalId ? proposalLink(work.proposalId, work.title) : work.title);
  if (progress.reports.length === 0) return h('div', {}, title, empty('Aún no se registran informes de avance de la obra.'));
  const percent = formatPercent(progress.percentComplete);
  const spentShare = progress.spentOfBudgetPercent;
  return h('div', {}, title,
    h('p', { class: 'meter-label', id: 'avance-obra' }, h('span', { class: 'big-number' }, percent), ' de avance de la obra'),
    meter('avance-obra', progress.percentComplete, `${percent} de avance`),
    h('p', { class: 'meter-label', id: 'gasto-obra' },
      'Gasto acumulado: ', h('strong', {}, formatCurrency(progress.spent)),
      progress.budget != null ? ` de ${formatCurrency(progress.budget)} presupuestados` : '',
      spentShare != null ? ` (${progress.spentOfBudgetLabel})` : ''),
    spentShare != null ? meter('gasto-obra', spentShare, `${progress.spentOfBudgetLabel} del presupuesto ejercido`, 'meter-spend') : null,
    // The bar stops at 100 %: past it, said in words. Amounts, not the rounded share: 100.04 % reads «100 %».
    progress.budget > 0 && progress.spent > progress.budget ? h('p', { class: 'notice notice-warning', 'data-over-budget': '' },
      `El gasto acumulado supera el presupuesto en ${formatCurrency(progress.spent - progress.budget)}.`) : null,
    h('h4', {}, 'Informes de avance'),
    h('ol', { class: 'cards reports', role: 'list' }, ...progress.reports.map(r => h('li', { class: 'card' },
      h('p', { class: 'report-head' }, dayElement(r.reportedOn), ' · ', h('strong', {}, `${formatPercent(r.percentComplete)} de avance`),
        ` · gasto acumulado ${formatCurrency(r.spent)}`),
      r.notes ? h('p', { class: 'report-notes' }, r.notes) : null, // its lines as typed, as the minutes'
      h('p', { class: 'subhead' }, 'Evidencias'),
      h('ul', { class: 'evidence' }, ...r.evidence.map(e => h('li', {},
        e.description,
        e.url ? h('span', { class: 'evidence-link' }, 'Liga: ', h('a', { href: e.url, rel: 'noopener noreferrer' }, e.url)) : null,
        e.sha256 ? h('span', { class: 'evidence-hash' }, 'Huella SHA-256: ', h('code', { class: 'hash' }, e.sha256)) : null))),
      h('p', { class: 'hint' }, `Registró: ${r.reportedBy}`),
      corrections(r)))),
    // «Huella SHA-256» alone is jargon to a resident (a walk-through's): said once, as the convenio's is.
    progress.reports.some(r => r.evidence.some(e => e.sha256)) ? h('p', { class: 'hint', 'data-evidence-hash-help': '' },
      'La huella SHA-256 de una evidencia sirve para comprobar que un archivo es el que se registró: calcule la del archivo con ',
      h('code', {}, 'sha256sum archivo'), ' (en Windows: ', h('code', {}, 'certutil -hashfile archivo SHA256'),
      ') y compárela con la de la evidencia. Si coinciden todos los caracteres, es el mismo archivo.') : null);
}

// A corrected report shows its figures as corrected, and under them what it said before each correction and why.
// As the console heads a table (WorkTable.Heading): a name that begins with its number is said alone, not «Mesa 1 · Mesa 1 — …».
function tableHeading(t) {
  const prefix = `Mesa ${t.number}`;
  const name = (t.name ?? '').trim();
  if (!name) return prefix;
  return name.toLowerCase().startsWith(prefix.toLowerCase()) && !/^[0-9]/.test(name.slice(prefix.length)) ? name : `${prefix} · ${name}`;
}

// Quoted as Spanish quotes a sentence: its own final period goes after the closing «», not both («…ejemplo).».).
const quoted = text => `«${text.replace(/\.+$/, '')}»`;

function corrections(report) {
  if (!report.corrections?.length) return null;
  return h('div', { class: 'corrections' },
    h('p', { class: 'subhead' }, report.corrections.length === 1 ? 'Corrección' : 'Correcciones'),
    h('ul', {}, ...report.corrections.map(c => h('li', {},
      `El ${formatDayTime(c.correctedAt)} (hora del centro de México) ${c.correctedBy} corrigió este informe: ${quoted(c.reason)}. Decía: `,
      dayElement(c.wasReportedOn), `, ${formatPercent(c.wasPercentComplete)} de avance, gasto acumulado ${formatCurrency(c.wasSpent)}.`,
      c.notesChanged ? ` Notas: ${c.wasNotes ? quoted(c.wasNotes) : 'ninguna'}.` : '',
      c.evidenceChanged ? ` Evidencias: ${c.wasEvidence.map(e => [e.description, e.url, e.sha256].filter(Boolean).join(', ')).join('; ')}.` : ''))));
}

async function start() {
  try {
    const processId = queryParameter('proceso');
    await loadNames();
    // A link cut short got the API's «No existe el recurso solicitado. Revise la dirección y el identificador.».
    if (processId && !isIdentifier(processId)) {
      throw new ApiProblem(404, { code: 'not_found', title: 'No encontrado', detail: 'No existe un proceso de participación con ese identificador.' });
    }
    if (processId) await showProcess(processId.trim());
    else await showList();
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    document.querySelector('[data-panel="loading"]').hidden = true;
    showProblem(alert, error, queryParameter('proceso') && error.status === 404 ? 'Vea la lista en «Todos los procesos».' : undefined);
  }
}

start();
