// Helpers every page shares: calls to the service (RFC 7807 problems in Spanish), es-MX formats, small DOM helpers.
import { SEPARATORS } from './voting-code.js';

/** A refusal or failure as the service explains it: code for the program, title and detail for the person. */
export class ApiProblem extends Error {
  constructor(status, { code, title, detail }, retryAfterSeconds) {
    super(detail);
    this.status = status;
    this.code = code;
    this.title = title;
    this.detail = detail;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** No answer at all, or the service (or a gateway in front of it) is briefly unavailable: worth sending again. */
  get isTransient() {
    return [0, 502, 503, 504].includes(this.status);
  }
}

const networkFailure = {
  code: 'network_error',
  title: 'Sin conexión con el servicio',
  detail: 'No fue posible comunicarse con el servicio de votación.',
};

// The service's clock, from the Service-Time header of its answers: a phone or a kiosk set to another day or hour must
// not say «Abre el …» or «Quedan 10 minutos» by its own clock. Within two seconds the device's clock is kept (it ticks
// smoothly between answers); a larger difference is the device's clock being wrong, and the service's is used.
let serviceClockOffsetMs = 0;

/** Now, as the service's clock says (Date.now() until an answer showed the device's clock is off). */
export const serviceNow = () => Date.now() + serviceClockOffsetMs;

/**
 * The service said its time somewhere between sending and receiving: taken as the middle. An answer that took over two
 * seconds (a slow network, a phone that slept mid-request) says too little about when, and is not used.
 */
function noteServiceTime(response, sentAt) {
  const at = Date.parse(response.headers.get('Service-Time') ?? '');
  const receivedAt = Date.now();
  if (!Number.isFinite(at) || receivedAt - sentAt > 2000) return;
  const offset = at - (sentAt + receivedAt) / 2;
  serviceClockOffsetMs = Math.abs(offset) > 2000 ? offset : 0;
}

const retryDelaysMs = [1000, 2000, 4000];
const requestTimeoutMs = 10000;
/** A 429 that says to come back within this long is waited out (a kiosk's pace: seconds); a longer one is the person's to see. */
const longestWaitSeconds = 15;

/**
 * Calls the service and returns the JSON body, or throws ApiProblem. With `retry`, a network failure, a timeout or
 * a 502/503/504 is sent again, identically (same headers, so the same Idempotency-Key), a few times before giving up;
 * `onRetry(attempt, problem)` is told before each new attempt. A 429 whose Retry-After is short is sent again when it says,
 * as many times, and `onWait(seconds, problem)` is told before the wait.
 */
export async function callApi(path, { method = 'GET', token, body, headers = {}, retry = false, onRetry, onWait } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const delays = retry ? retryDelaysMs : [];
  for (let attempt = 0; ; attempt++) {
    let problem;
    try {
      const sentAt = Date.now();
      const response = await fetch(path, { ...init, signal: AbortSignal.timeout(requestTimeoutMs) });
      noteServiceTime(response, sentAt);
      if (response.ok) return response.status === 204 ? null : await response.json();
      problem = await readProblem(response);
    } catch (error) {
      if (error instanceof SyntaxError) throw error; // a 2xx whose body is not JSON is a bug, not a network failure
      problem = new ApiProblem(0, networkFailure);
    }
    const waitSeconds = problem.status === 429 && problem.retryAfterSeconds <= longestWaitSeconds ? problem.retryAfterSeconds : undefined;
    if (!(problem.isTransient || waitSeconds !== undefined) || attempt >= delays.length) throw problem;
    if (waitSeconds !== undefined) onWait?.(waitSeconds, problem);
    await new Promise(resolve => setTimeout(resolve, waitSeconds !== undefined ? waitSeconds * 1000 : delays[attempt]));
    onRetry?.(attempt + 1, problem);
  }
}

async function readProblem(response) {
  const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined;
  try {
    const body = await response.json();
    if (body.title) return new ApiProblem(response.status, body, retryAfterSeconds);
  } catch { /* not JSON: fall through */ }
  return new ApiProblem(response.status, {
    code: `http_${response.status}`,
    title: 'Error del servicio',
    detail: `El servicio respondió con un error (${response.status}). Intente de nuevo en unos momentos.`,
  });
}

/** Creates an element; string children become text nodes, so data from the service is never parsed as HTML. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children.filter(child => child != null));
  return element;
}

/** Puts a problem's title and detail in an alert region (role="alert"), plus an optional sentence of what to do. */
export function showProblem(region, problem, whatToDo) {
  region.replaceChildren(h('strong', {}, problem.title), ' ', problem.detail ?? '', whatToDo ? ` ${whatToDo}` : '');
}

export function clearProblem(region) {
  region.replaceChildren();
}

const currency = new Intl.NumberFormat('es-MX', { style: 'currency', currency: 'MXN', trailingZeroDisplay: 'stripIfInteger' });
const integer = new Intl.NumberFormat('es-MX');
// Every date and time on the pages is Querétaro's (America/Mexico_City), whatever the device's own zone, in the one
// format the service writes too (QueretaroTime.Format): 18/10/2020 08:00.
const day = new Intl.DateTimeFormat('es-MX', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'America/Mexico_City' });
const hourMinute = new Intl.DateTimeFormat('es-MX', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'America/Mexico_City' });

export const formatCurrency = amount => `${currency.format(amount)}\u00a0MXN`;
export const formatNumber = n => integer.format(n);
/** The day of an instant in Querétaro, as people write it: 18/10/2020. */
export const formatInstantDay = iso => day.format(new Date(iso));
/** An instant (ISO text or Date) in Querétaro, as the service writes it: 18/10/2020 08:00. */
export const formatDayTime = instant => `${day.format(new Date(instant))} ${hourMinute.format(new Date(instant))}`;
/** A percentage with a space that never breaks before its sign: 33.3 %. */
export const formatPercent = n => `${integer.format(n)}\u00a0%`;

/** A calendar day as the service sends it ("2020-10-18"), in a <time> element that shows 18/10/2020. */
export function dayElement(isoDay) {
  const [year, month, dayOfMonth] = isoDay.split('-');
  return h('time', { datetime: isoDay }, `${dayOfMonth}/${month}/${year}`);
}

/**
 * How the pages name a Jornada's identifier (GET /api/jornadas/{id} says which: voterIdKind): the clave de elector of
 * the INE card, or the CURP. Never «identificador», which is the API's word, not the resident's.
 */
export function identifierOf(jornada) {
  return jornada?.voterIdKind === 'Curp'
    ? { label: 'CURP', the: 'la CURP', document: 'CURP', hint: 'Los 18 caracteres de su CURP.', need: 'su CURP', card: 'su CURP' }
    : { label: 'Clave de elector', the: 'la clave de elector', document: 'credencial para votar del INE (clave de elector)',
        hint: '18 caracteres, como aparece en su credencial del INE.',
        need: 'su clave de elector (de su credencial para votar del INE)', card: 'su credencial del INE' };
}

/**
 * A kiosk that takes ballots now: active, configured on its device and, where the IEEQ authorizes kiosks, authorized.
 * The home page listed registered kiosks that could not take a ballot yet (an outside tester's).
 */
export const kioskVotesNow = k => k.active && k.configured !== false && !k.awaitsAuthorization;

/**
 * When the Jornada (as GET /api/jornadas/{id} gives it) first takes ballots, in milliseconds: the kiosks' hours, or
 * online voting's when it opens first, as the service counts it.
 */
export const firstOpening = jornada =>
  Math.min(Date.parse(jornada.votingOpensAt), jornada.online ? Date.parse(jornada.online.opensAt) : Infinity);

/**
 * The identifier as the service reads it (VoterIdentifier.Normalize): fullwidth characters folded by NFKC, without
 * spaces, hyphens or the dashes and minus sign phone keyboards put for them, in upper case. It removes at least every
 * space the service removes (U+0085 too, which \s lacks), so the page never refuses what the service would take.
 */
export const normalizeIdentifier = typed =>
  [...typed.normalize('NFKC')].filter(c => !/[\s\u0085]/.test(c) && !SEPARATORS.includes(c)).map(c => c.toUpperCase()).join('');

// The letter O and the digit zero where the format allows only one of them, and the CURP's 17th character's O read as
// a zero (VoterIdentifier.Normalize(kind, raw)).
const folds = {
  ClaveElector: { letters: [0, 1, 2, 3, 4, 5], digits: [6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17] },
  Curp: { letters: [0, 1, 2, 3, 11, 12, 13, 14, 15], digits: [4, 5, 6, 7, 8, 9, 17] },
};

export function foldIdentifier(kind, normalized) {
  const id = [...normalized];
  if (id.length !== 18) return normalized;
  const { letters, digits } = folds[kind === 'Curp' ? 'Curp' : 'ClaveElector'];
  for (const i of digits) if (id[i] === 'O') id[i] = '0';
  for (const i of letters) if (id[i] === '0') id[i] = 'O';
  // The CURP's 17th character takes a digit or a letter, and an O there passes the check digit as a zero does.
  if (kind === 'Curp' && id[16] === 'O') id[16] = '0';
  return id.join('');
}

// VoterIdentifier's patterns: 6 letters, birth date YYMMDD, state of birth, sex, 3 digits (clave de elector); RENAPO's
// CURP with its state codes and check digit.
const clavePattern = /^[A-Z]{6}([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})[HMX][0-9]{3}$/;
const curpPattern = /^[A-Z][AEIOUX][A-Z]{2}([0-9]{2})([0-9]{2})([0-9]{2})[HMX](AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL|VZ|YN|ZS|NE)[B-DF-HJ-NP-TV-Z]{3}[A-Z0-9][0-9]$/;
const curpAlphabet = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ';
const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isDate = (month, day) => month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth[month - 1];

/**
 * Whether a normalized identifier has the format of the Jornada's kind, as VoterIdentifier.IsValid decides: the page
 * says so before the resident chooses. Only advice: the service checks it again with the ballot.
 */
export function isValidIdentifier(jornada, normalized) {
  if (jornada?.voterIdKind === 'Curp') {
    const m = curpPattern.exec(normalized);
    if (!m || !isDate(Number(m[2]), Number(m[3]))) return false;
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += curpAlphabet.indexOf(normalized[i]) * (18 - i);
    return normalized[17] === String((10 - sum % 10) % 10);
  }
  const m = clavePattern.exec(normalized);
  if (!m || !isDate(Number(m[2]), Number(m[3]))) return false;
  const state = Number(m[4]);
  return (state >= 1 && state <= 32) || state === 87 || state === 88; // 87/88: born abroad / naturalised
}

/** The service's refusal invalid_voter_id, in the words of the Jornada's identifier. */
export function invalidIdentifier(jornada) {
  const { label, the } = identifierOf(jornada);
  // Not the field's hint again (it stands right under the alert, and a tester read the same sentence twice).
  const card = jornada?.voterIdKind === 'Curp' ? 'su constancia de la CURP' : 'su credencial del INE';
  return {
    code: 'invalid_voter_id',
    title: `${label} no válida`,
    detail: `${the[0].toUpperCase()}${the.slice(1)} no tiene el formato esperado. Revise, carácter por carácter, que sea igual a la de ${card}.`,
  };
}

/**
 * The service's refusal not_on_voter_roll, in the words of the Jornada's identifier: most often one character typed
 * wrong, so the resident is asked to compare it with their card first, and told where to go when it is right.
 */
export function notOnRoll(jornada, online = false) {
  const { label, the } = identifierOf(jornada);
  const card = jornada?.voterIdKind === 'Curp' ? 'su constancia de la CURP' : 'su credencial del INE';
  return {
    code: 'not_on_voter_roll',
    title: `${label} fuera del padrón`,
    detail: `${the[0].toUpperCase()}${the.slice(1)} que escribió no aparece en el padrón de esta Jornada. Revise, letra por letra, que sea ` +
      `igual a la de ${card}. Si está bien escrita, ${online ? 'acuda al módulo del IEEQ en su delegación' : 'pida ayuda al personal municipal del kiosco'}.`,
  };
}

export const queryParameter = name => new URLSearchParams(location.search).get(name);

/**
 * The Jornada a page's address names (?jornada=…), or null when it names none. One that is no identifier at all
 * (a link cut short, a typo) is refused as the service refuses an unknown one, not with the API's «No existe el
 * recurso solicitado», which its address would get.
 */
export function jornadaInAddress() {
  const id = queryParameter('jornada');
  if (id === null || isIdentifier(id)) return id?.trim() ?? null;
  throw noSuchJornada();
}

/** Text that can be a Jornada's, a process's or a proposal's identifier (a UUID); a link cut short is none. */
export const isIdentifier = text => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text.trim());

/**
 * The address's Jornada does not exist: said alike for an identifier that is none and for one no Jornada has (the
 * service's «No existe una Jornada con ese identificador.» said nothing of what to do: an outside tester's).
 */
export const noSuchJornada = () => new ApiProblem(404, { code: 'not_found', title: 'No encontrado',
  detail: 'No existe una Jornada con ese identificador. Revise el enlace o elija la Jornada en la página de inicio.' });

/**
 * A form's action sent one at a time: a double tap, or a second tap while a slow answer is on its way, sends nothing
 * more (the same question twice, or a ballot sent twice). Its submit button is disabled meanwhile.
 */
export function oneAtATime(form, action) {
  let busy = false;
  return async (refocus = true) => {
    if (busy) return;
    busy = true;
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      await action();
    } finally {
      busy = false;
      button.disabled = false;
      // Disabled, the button lost the focus (to the page, or to <main> when tapped again): a keyboard user goes on from
      // where they were.
      if (refocus && !form.contains(document.activeElement)) button.focus();
    }
  };
}

/** Capitals as the person types (identifiers and receipt codes are upper case), keeping the caret where it was. */
export function upperCaseAsTyped(input) {
  input.addEventListener('input', () => {
    const caret = input.selectionStart;
    input.value = input.value.toUpperCase();
    input.setSelectionRange(caret, caret);
  });
}

/**
 * Whether the service answers and its database with it (GET /health/ready, 200): asked before a resident starts and
 * at every step at the kiosk, and while it is out of service, to come back on its own. Never throws.
 */
export async function serviceIsReady(timeoutMs = 5000) {
  return (await serviceReadiness(timeoutMs)) === 'ready';
}

/**
 * 'ready'; 'not-ready' when the service itself answered that it cannot take votes («No listo…»: its database down or
 * read-only): this device's connection works and the fault is central; 'unreachable' otherwise, nothing answered or
 * something else did (a venue's proxy or captive portal whose uplink is down), which may be this device's network.
 */
export async function serviceReadiness(timeoutMs = 5000) {
  try {
    const response = await fetch('/health/ready', { cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
    if (response.ok) return 'ready';
    return response.status === 503 && (await response.text()).startsWith('No listo') ? 'not-ready' : 'unreachable';
  } catch {
    return 'unreachable';
  }
}

/** Moves focus to a screen's heading so a screen reader announces where the person now is. */
export function focusHeading(container) {
  container.querySelector('h2')?.focus();
}

/** Shows one of the page's panels ([data-panel]) and hides the others. */
export function showPanel(name) {
  for (const panel of document.querySelectorAll('[data-panel]')) panel.hidden = panel.dataset.panel !== name;
  const shown = document.querySelector(`[data-panel="${name}"]`);
  if (shown) focusHeading(shown);
  return shown;
}
