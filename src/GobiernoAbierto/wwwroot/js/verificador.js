// Independent verifier of a Jornada's IEEQ export: boletas.csv (the ballot chain), sello.json (the seal) and
// registro.csv (the Jornada's record). It follows the canonical encodings of the README ("Seal, export and
// verification", "Codificación canónica del registro") and says, in plain Spanish, whether the export is intact or
// which line breaks and what differs. No dependencies, no server: SHA-256 comes from the browser's Web Crypto, and the
// files never leave the page. The same checks as the service's `verify` (Audit/ChainVerifier.cs, Audit/RecordVerifier.cs).

export const GENESIS = '0'.repeat(64);
export const BALLOTS_HEADER = 'position,option,channel,kiosk,receipt,previous_hash,hash';
export const RECORD_HEADER = 'position,type,fields,previous_hash,hash';
const RECORD_VERSION = 'registro-v1';
// The facts of a Jornada's record, by their type in registro.csv, and what the page calls each: an auditor reads the
// Spanish name, never the type (a fact is found in the file by its line, which every finding says).
const FACT_NAMES = new Map([
  ['jornada_created', 'creación de la Jornada'], ['jornada_called_again', 'convocatoria tras la Jornada anterior'],
  ['ballot_options_set', 'proyectos de la boleta'], ['kiosk_registered', 'registro de un kiosco'], ['kiosk_activated', 'configuración de un kiosco'],
  ['kiosk_authorized', 'autorización de un kiosco por el IEEQ'], ['kiosk_closed', 'cierre de un kiosco'], ['voter_roll_loaded', 'carga del padrón'],
  ['online_channel_enabled', 'horario de la votación en línea'], ['voting_codes_issued', 'emisión de los códigos de votación'],
  ['voting_code_reissued', 'reposición de una carta'], ['countersignature_requested', 'solicitud de contrafirma del IEEQ'],
  ['countersignature_granted', 'contrafirma otorgada por el IEEQ'], ['countersignature_denied', 'contrafirma negada por el IEEQ'],
  ['countersignature_withdrawn', 'solicitud de contrafirma retirada'],
  ['jornada_opened', 'apertura de la votación'], ['jornada_withdrawn', 'retiro de la Jornada'], ['jornada_closed', 'cierre y sello de la votación'],
  ['tally_certified', 'certificación del cómputo por el IEEQ'], ['chosen_project_published', 'publicación del proyecto elegido'],
]);

/** What the page calls a fact of the record: its Spanish name, or, for a type no Jornada records, that type as the file has it. */
export const factName = type => FACT_NAMES.get(type) ?? `tipo «${type}»`;

/** A file that cannot be read as what it should be (not a broken chain: the check cannot even start). */
export class UnreadableFile extends Error {}

/** hex(SHA-256(UTF-8(text))), lower case. */
export async function sha256Hex(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), b => b.toString(16).padStart(2, '0')).join('');
}

/** jornadaId|position|option|channel|kiosk|receipt|previous_hash (kiosk "-" online). */
export const ballotLine = (jornadaId, b, previous) =>
  [jornadaId, b.position, b.option, b.channel, b.kiosk || '-', b.receipt, previous].join('|');

/** registro-v1|jornadaId|position|type|fields|previous_hash. */
export const recordLine = (jornadaId, position, type, fields, previous) =>
  [RECORD_VERSION, jornadaId, position, type, fields, previous].join('|');

const lines = text => text.replace(/^\uFEFF/, '').split('\n').map(line => line.replace(/\r$/, ''));

// How the export writes a number, and the only way this page reads one (the service's ExportNumbers): digits only, no
// leading zero, no sign, fraction or exponent; in the record's i: fields also a - before a negative. Read leniently, a
// seal's «"ballotCount": 14.0» was intact here and not for verify or the shell, and a ballot at position «01» held here
// and broke the shell's chain: any other writing is not the file the service gave, and is named as such.
export const NUMBER_RULE = 'el servicio escribe cada número solo con cifras, sin ceros a la izquierda, signo, decimales ni exponente';
export const isCanonicalNumber = (text, negative = false) => (negative ? /^(0|-?[1-9][0-9]*)$/ : /^(0|[1-9][0-9]*)$/).test(text);

// An integer field of the record (i:) also fits a long, as the service wrote it: «i:99999999999999999999» has only
// digits and no long says it (the service's ExportNumbers.IsCanonicalInteger; verify threw on it).
export const INTEGER_RANGE = 'entre -9223372036854775807 y 9223372036854775807';
export const isCanonicalInteger = text => isCanonicalNumber(text, true) && BigInt(text.replace(/^-/, '')) <= 9223372036854775807n;

// How the export writes a hash, and the seal its Jornada's id (the service's ExportHashes): in lower case, the text each
// line's hash is taken over. Compared case-blind, a file whose hashes or seal's id were turned upper-case held here and
// for verify and broke the shell's chain, which hashes the text as written: it is not the file the service gave.
export const HASH_RULE = 'el servicio escribe cada hash y el identificador de la Jornada en minúsculas, como entran en el hash de cada línea';
const hasCapitals = text => typeof text === 'string' && /[A-F]/.test(text);

/**
 * The first number of sello.json's text, in the order written, that is not canonical, and the name of the property it
 * is the value of: { name, written }, or null. Read from the text, since JSON.parse reads 14.0 as 14.
 */
export function nonCanonicalNumber(text) {
  let last = null;
  let name = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      last = text.slice(i, j + 1);
      i = j;
    } else if (c === ':') {
      try { name = JSON.parse(last); } catch { name = null; }
    } else if (c === ',' || c === '{' || c === '}') {
      name = null;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const written = /^-?[0-9.eE+-]*/.exec(text.slice(i))[0];
      if (!isCanonicalNumber(written)) return { name, written };
      i += written.length - 1;
    }
  }
  return null;
}

/** boletas.csv: one row per ballot, with its line in the file. */
export function parseBallots(text) {
  const [header, ...rest] = lines(text);
  if (header.trim() !== BALLOTS_HEADER) throw new UnreadableFile(`La primera línea del archivo de boletas debe ser «${BALLOTS_HEADER}».`);
  return rest.flatMap((line, i) => {
    if (line === '') return [];
    const f = line.split(',');
    // A line of other columns is a finding at that line, as for verify and the shell (it was said to be unreadable here).
    if (f.length !== 7)
      return [{ line: i + 2, position: null, option: '', channel: '', kiosk: null, receipt: null, previousHash: '', hash: '',
        notCanonical: `La línea ${i + 2} del archivo de boletas no tiene las 7 columnas que escribe el servicio: no es el archivo que entregó el servicio.` }];
    const canonical = isCanonicalNumber(f[0]);
    return [{ line: i + 2, position: canonical ? Number(f[0]) : null, option: f[1], channel: f[2], kiosk: f[3] === '-' ? null : f[3], receipt: f[4],
      previousHash: f[5], hash: f[6],
      notCanonical: !canonical ? `La línea ${i + 2} del archivo de boletas escribe la posición de la boleta como «${f[0]}»: ${NUMBER_RULE}. No es el archivo que entregó el servicio.`
        : hasCapitals(f[5]) || hasCapitals(f[6]) ? `La línea ${i + 2} del archivo de boletas escribe un hash con mayúsculas: ${HASH_RULE}. No es el archivo que entregó el servicio.`
        : null }];
  });
}

/** registro.csv: one row per fact of the record; "-" where a fact has no link. */
export function parseRecord(text) {
  const [header, ...rest] = lines(text);
  if (header.trim() !== RECORD_HEADER) throw new UnreadableFile(`La primera línea del registro debe ser «${RECORD_HEADER}».`);
  return rest.flatMap((line, i) => {
    if (line === '') return [];
    const f = line.split(',');
    if (f.length !== 5)
      return [{ line: i + 2, position: null, type: '', fields: '', previousHash: null, hash: null,
        notCanonical: `La línea ${i + 2} del registro no tiene las 5 columnas que escribe el servicio: no es el registro que entregó el servicio.` }];
    const canonical = f[0] === '-' || isCanonicalNumber(f[0]);
    return [{ line: i + 2, position: f[0] === '-' || !canonical ? null : Number(f[0]), type: f[1], fields: f[2],
      previousHash: f[3] === '-' ? null : f[3], hash: f[4] === '-' ? null : f[4],
      notCanonical: !canonical ? `La línea ${i + 2} del registro escribe la posición del evento como «${f[0]}»: ${NUMBER_RULE}. No es el registro que entregó el servicio.`
        : hasCapitals(f[3]) || hasCapitals(f[4]) ? `La línea ${i + 2} del registro escribe un hash con mayúsculas: ${HASH_RULE}. No es el registro que entregó el servicio.`
        : null }];
  });
}

/** sello.json, as GET …/audit/seal gives it. */
export function parseSeal(text) {
  let seal;
  try {
    seal = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new UnreadableFile('El sello no es un archivo JSON válido.');
  }
  // counts: an object of whole numbers (null and arrays are objects too); ballotCount: a whole number. A seal short of
  // any of them cannot vouch for the export, and is said to be unreadable rather than taken as matching.
  const counts = seal?.counts;
  const countsRead = counts !== null && typeof counts === 'object' && !Array.isArray(counts)
    && Object.values(counts).every(n => Number.isInteger(n) && n >= 0);
  if (!/^[0-9a-f-]{36}$/i.test(seal?.jornadaId ?? '') || typeof seal.finalHash !== 'string' || !countsRead
      || !Number.isInteger(seal.ballotCount) || seal.ballotCount < 0)
    throw new UnreadableFile('Al sello le falta la Jornada, el hash final de las boletas, el número de boletas o el cómputo (jornadaId, finalHash, ' +
      'ballotCount y counts en el archivo): ¿es el sello.json de la exportación?');
  // The seal read with its values, and what is not as the service writes it kept for verifyExport to name.
  const odd = nonCanonicalNumber(text);
  // The close's place in the record in quotes («"recordPosition": "10"») is not compared here (not a number), and verify
  // read it as 10: a seal with its close moved so passed the page and the shell. A number in quotes is written otherwise too.
  const quoted = seal.recordPosition !== undefined && seal.recordPosition !== null && typeof seal.recordPosition !== 'number'
    ? JSON.stringify(seal.recordPosition) : null;
  const capitals = ['jornadaId', 'finalHash', 'recordHash'].find(name => hasCapitals(seal[name])) ?? null;
  const notCanonical = odd ? `El sello (sello.json) escribe ${odd.name !== null ? `«${odd.name}»` : 'un número'} como «${odd.written}»: ${NUMBER_RULE}. No es el sello que entregó el servicio.`
    : quoted ? `El sello (sello.json) escribe «recordPosition» como «${quoted}»: ${NUMBER_RULE}. No es el sello que entregó el servicio.`
    : capitals ? `El sello (sello.json) escribe «${capitals}» con mayúsculas: ${HASH_RULE}. No es el sello que entregó el servicio.`
    : null;
  return { ...seal, jornadaId: seal.jornadaId.toLowerCase(), notCanonical };
}

/** RFC 3986 percent-encoding of the UTF-8 bytes, as the record's text values: only A–Z a–z 0–9 - . _ ~ stay as they are. */
export const percent = text => Array.from(new TextEncoder().encode(text), byte => /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte))
  ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** What a percent-encoded text of the record says (the service's ExportText.Decode): null when it is no percent-encoded UTF-8. */
export const decodeText = written => { try { return decodeURIComponent(written); } catch { return null; } };

// How the record writes a text and a field's name (the service's ExportText): one way only. «optionId=s:%41» says «A»,
// so it held here and for verify, while the shell, comparing text, found another option published.
export const TEXT_RULE = 'el servicio escribe cada texto del registro, y el nombre de cada campo, de una sola manera: cada byte UTF-8 como %XX ' +
  'con mayúsculas, salvo las letras A-Z y a-z, las cifras y - . _ ~, que van tal cual';
const canonicalText = written => { const text = decodeText(written); return text === null ? null : percent(text); };

/**
 * The first field whose name, or whose value if it is a text (s:), is not written as the service writes it, as written,
 * with the field as the service writes it when what it says can be read: { written, canonical }, or null (the service's
 * FieldValues.NotCanonicalText).
 */
export function nonCanonicalText(text) {
  for (const part of text === '' ? [] : text.split(';')) {
    const equals = part.indexOf('=');
    if (equals <= 0) continue; // not a field at all: parseFields says so
    const [name, rest] = [part.slice(0, equals), part.slice(equals + 1)];
    const value = rest.startsWith('s:') ? rest.slice(2) : null;
    if (canonicalText(name) === name && (value === null || canonicalText(value) === value)) continue;
    const [canonicalName, canonicalValue] = [canonicalText(name), value === null ? null : canonicalText(value)];
    return { written: part, canonical: canonicalName === null || (value !== null && canonicalValue === null) ? null
      : `${canonicalName}=${value === null ? rest : `s:${canonicalValue}`}` };
  }
  return null;
}

// How the record writes an instant, a decimal, a boolean and an absent value (the service's ExportValues, the same
// patterns character for character): one way each. «closedAt=t:2020-10-18T13:00:00Z» said the instant the service
// writes with its 7 decimals and held for all three verifiers, though the service never writes it so.
export const VALUE_RULE = 'en el registro el servicio escribe cada instante (t:) en UTC y con 7 decimales, como 2020-10-18T13:00:00.0000000Z; ' +
  'cada decimal (d:) con punto, sin exponente, signo + ni ceros de más, y sin punto si es entero; cada booleano (b:) ' +
  'como true o false; un valor ausente como n: sin nada después; y ninguno con otra etiqueta que s, i, d, t, b o n';
const YEAR = '([0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)';
const LEAP_YEAR = '([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)';
export const INSTANT = `(${YEAR}-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|${YEAR}-(0[469]|11)-(0[1-9]|[12][0-9]|30)|` +
  `${YEAR}-02-(0[1-9]|1[0-9]|2[0-8])|${LEAP_YEAR}-02-29)T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\\.[0-9]{7}Z`;
export const DECIMAL = '(0|-?[1-9][0-9]*(\\.[0-9]*[1-9])?|-?0\\.[0-9]*[1-9])';
const VALUE = new RegExp(`^(t:${INSTANT}|d:${DECIMAL}|b:(true|false)|n:)$`);

/**
 * The first field whose value, if it is an instant, a decimal, a boolean or absent, is not written as the service
 * writes it, or whose tag is none of the record's, as written; null when every one is (the service's
 * FieldValues.NotCanonicalValue; texts and integers are checked apart).
 */
export function nonCanonicalValue(text) {
  for (const part of text === '' ? [] : text.split(';')) {
    const equals = part.indexOf('=');
    if (equals <= 0) continue; // not a field at all: parseFields says so
    const rest = part.slice(equals + 1);
    if (!rest.startsWith('s:') && !rest.startsWith('i:') && !VALUE.test(rest)) return part;
  }
  return null;
}

/**
 * The first field whose name says the same as an earlier one's, as written both times («counts.A» and «counts.%41», both
 * the option A), and what the name says; null when every name is another field's (the service's FieldValues.Repeated).
 */
export function repeatedField(text) {
  const seen = new Map();
  for (const part of text === '' ? [] : text.split(';')) {
    const equals = part.indexOf('=');
    if (equals <= 0) continue; // not a field at all: parseFields says so
    const written = part.slice(0, equals);
    const name = decodeText(written) ?? written;
    if (seen.has(name)) return { first: seen.get(name), second: written, name };
    seen.set(name, written);
  }
  return null;
}

const same = (a, b) => typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();

/**
 * The ballot chain recomputed: the first row where it breaks (a changed ballot, a removed one, an inserted one), then
 * the count, the final hash and the tally against the seal. Hashes are computed in batches (each from the row's own
 * previous_hash, which must then be the hash recomputed for the row before: the same as chaining one by one).
 */
export async function verifyBallots(jornadaId, rows, seal, onProgress) {
  const counts = Object.fromEntries(Object.keys(seal?.counts ?? {}).sort().map(option => [option, 0]));
  let previous = GENESIS;
  const receipts = new Map();
  // Each channel and kiosk the ballots name, with its first ballot (VerificationReport.Sources): verifyExport compares them with the record.
  const sources = new Map();
  const result = (checked, at, reason) => ({ checked, finalHash: previous, counts, sources: [...sources.values()], break: at === null ? null : { ...at, reason } });
  const batch = 2000;
  for (let start = 0; start < rows.length; start += batch) {
    const slice = rows.slice(start, start + batch);
    const hashes = await Promise.all(slice.map(b => sha256Hex(ballotLine(jornadaId, b, b.previousHash.toLowerCase()))));
    for (let i = 0; i < slice.length; i++) {
      const b = slice[i];
      const expected = start + i + 1;
      const at = { line: b.line, position: b.position, receipt: b.receipt };
      // Before the order: «01» read as 1 would hold, while the shell, comparing text, finds a break.
      if (b.notCanonical) return result(expected - 1, at, b.notCanonical);
      if (b.position > expected) {
        // Moved within the file, or removed: the rows after it say which (an auditor acts on which it was).
        const moved = rows.slice(start + i + 1).find(r => r.position === expected);
        return result(expected - 1, at, moved
          ? `Las filas están fuera de orden: en la línea ${b.line} va la boleta ${expected} y está la ${b.position}; la boleta ${expected} ` +
            `aparece más adelante, en la línea ${moved.line}. Se movieron boletas dentro del archivo: no es el que entregó el servicio.`
          : `Falta la boleta ${expected}: la línea ${b.line} trae la posición ${b.position}. Se eliminó al menos una boleta.`);
      }
      if (b.position < expected)
        return result(expected - 1, at, `La posición ${b.position} aparece otra vez en la línea ${b.line} (recibo ${b.receipt}): se insertó una boleta.`);
      if (!same(b.previousHash, previous))
        return result(expected - 1, at, `La boleta ${b.position} (línea ${b.line}, recibo ${b.receipt}) no se encadena con la anterior: su ` +
          `hash anterior es ${b.previousHash} y el hash recalculado de la boleta ${b.position - 1} es ${previous}.`);
      if (!same(hashes[i], b.hash))
        return result(expected - 1, at, `La boleta ${b.position} (línea ${b.line}, recibo ${b.receipt}) fue alterada: su contenido da el hash ` +
          `${hashes[i]} y el archivo dice ${b.hash}.`);
      // Own keys only: «toString» or «constructor» are in every JavaScript object, not in the sealed ballot.
      if (seal && !Object.hasOwn(seal.counts, b.option))
        return result(expected - 1, at, `La boleta ${b.position} (línea ${b.line}, recibo ${b.receipt}) trae la opción «${b.option}», que no está en la boleta sellada.`);
      // As verify: a copy of a ballot chained anew links and hashes like any other; only its receipt gives it away.
      const receipt = b.receipt.toUpperCase();
      if (receipts.has(receipt))
        return result(expected - 1, at, `La boleta ${b.position} repite el recibo ${b.receipt} de la boleta ${receipts.get(receipt)}: cada voto ` +
          'tiene un recibo propio. Se copió una boleta (un voto contado más de una vez).');
      receipts.set(receipt, b.position);
      const kiosk = b.kiosk && b.kiosk !== '-' ? b.kiosk : null;
      if (!sources.has(`${b.channel},${kiosk ?? '-'}`)) sources.set(`${b.channel},${kiosk ?? '-'}`, { channel: b.channel, kiosk, ...at });
      counts[b.option] = (counts[b.option] ?? 0) + 1;
      previous = hashes[i];
    }
    await onProgress?.(Math.min(start + batch, rows.length), rows.length);
  }
  const n = rows.length;
  if (!seal) return result(n, null);
  if (seal.jornadaId !== jornadaId) return result(n, {}, `El sello es de otra Jornada (${seal.jornadaId}).`);
  // Every ballot held: what follows differs only from what the seal says (againstSeal, as ChainBreak.AgainstSeal).
  if (n > seal.ballotCount)
    return result(n, { position: seal.ballotCount + 1, againstSeal: true }, `El archivo tiene ${n} boletas y el sello ${seal.ballotCount}: la boleta ${seal.ballotCount + 1} en adelante se agregó después del cierre.`);
  if (n < seal.ballotCount)
    return result(n, { position: n + 1, againstSeal: true }, `El sello cubre ${seal.ballotCount} boletas y el archivo solo ${n}: falta la boleta ${n + 1} en adelante.`);
  if (!same(previous, seal.finalHash))
    return result(n, { againstSeal: true }, `El hash final recalculado (${previous}) no es el del sello (${seal.finalHash}).`);
  for (const [option, sealed] of Object.entries(seal.counts))
    if ((counts[option] ?? 0) !== sealed)
      return result(n, { againstSeal: true }, `El cómputo recalculado da ${counts[option] ?? 0} votos a la opción ${option}; el sello dice ${sealed}.`);
  return result(n, null);
}

/** A fact's fields read back: name → { tag, value }. Null when they do not follow name=tag:value;… */
export function parseFields(text) {
  const fields = new Map();
  for (const part of text === '' ? [] : text.split(';')) {
    const m = /^([^=]+)=([sidtbn]):(.*)$/.exec(part);
    if (!m || fields.has(m[1])) return null;
    fields.set(m[1], { tag: m[2], value: m[3] });
  }
  return {
    raw: name => (fields.get(name)?.tag ?? 'n') === 'n' ? null : fields.get(name).value,
    text(name) {
      const raw = this.raw(name);
      try { return raw === null ? null : decodeURIComponent(raw); } catch { return raw; }
    },
    int(name) { const raw = this.raw(name); return raw === null ? null : Number(raw); },
    keys: prefix => [...fields.keys()].filter(k => k.startsWith(prefix)).map(k => {
      try { return decodeURIComponent(k.slice(prefix.length)); } catch { return k.slice(prefix.length); }
    }),
    sum: prefix => [...fields].filter(([k, f]) => k.startsWith(prefix) && f.tag === 'i').reduce((s, [, f]) => s + Number(f.value), 0),
  };
}

/** The sealed count's outcome, as the service's Outcome.From: the one option with the most votes, a tie, or no ballots. */
const outcomeOf = counts => {
  const values = [...counts.values()];
  if (values.reduce((sum, n) => sum + n, 0) === 0) return { kind: 'none', winner: null };
  const top = Math.max(...values);
  const leaders = [...counts].filter(([, n]) => n === top).map(([option]) => option);
  return leaders.length === 1 ? { kind: 'winner', winner: leaders[0] } : { kind: 'tie', winner: null };
};

/** What a Jornada's record can hold, in order (the service's RecordVerifier.Rules). Returns why not, or null. */
function recordRules() {
  const requests = new Map();
  const kiosks = new Map(); // registered, configured, authorized, closed
  const state = { created: false, ofProcess: false, opened: false, closed: false, certified: false, published: false, withdrawn: false, closesAt: null, sealed: null, online: false,
    options: new Map(), outcome: null };
  const use = (requestId, action, kioskId, required, name = null, location = null) => {
    const r = requestId && requests.get(requestId.toLowerCase());
    if (!r || r.status !== 'Granted' || r.action !== action || (kioskId !== null && r.kioskId !== kioskId)) return required;
    if (r.kioskName !== null && (r.kioskName !== name || r.kioskLocation !== location))
      return 'el kiosco se registró con otro nombre o ubicación que los que contrafirmó el IEEQ.';
    r.status = 'Used';
    return null;
  };
  const check = (position, type, f) => {
    if (position === 1 && type !== 'jornada_created') return 'el registro de una Jornada empieza con su creación.';
    if (state.withdrawn) return 'la Jornada ya estaba retirada: después de su retiro el registro no admite nada más.';
    switch (type) {
      case 'jornada_created':
        if (state.created) return 'la Jornada ya estaba creada.';
        state.created = true;
        state.closesAt = f.raw('votingClosesAt');
        state.ofProcess = f.raw('processId') !== null;
        return null;
      case 'jornada_called_again':
        if (position !== 2) return 'que la Jornada se convoca de nuevo se anota justo después de su creación.';
        return state.ofProcess ? null : 'solo la Jornada de un proceso se convoca de nuevo.';
      case 'ballot_options_set': case 'voter_roll_loaded': case 'online_channel_enabled':
        if (state.opened) return 'eso solo se hace antes de abrir la votación.';
        if (type === 'online_channel_enabled') state.online = true;
        if (type === 'ballot_options_set') {
          state.options = new Map();
          for (let k = 1; k <= Math.min(Math.max(f.int('options') ?? 0, 0), 1000); k++) {
            const id = f.text(`options.${k}.id`);
            if (id !== null && !state.options.has(id)) state.options.set(id, f.text(`options.${k}.title`) ?? '');
          }
        }
        return null;
      case 'kiosk_registered':
        if (state.closed) return 'la votación ya estaba cerrada.';
        if (!kiosks.has(f.text('kioskId') ?? '')) kiosks.set(f.text('kioskId') ?? '', 'registered');
        return state.opened ? use(f.text('countersignature'), 'RegisterKiosk', f.text('kioskId'),
          'con la votación abierta, registrar un kiosco requiere la contrafirma del IEEQ otorgada para ese kiosco.', f.text('name'), f.text('location')) : null;
      case 'kiosk_activated': {
        const kiosk = f.text('kioskId') ?? '';
        if (state.closed) return 'la votación ya estaba cerrada.';
        if (!kiosks.has(kiosk)) return 'ese kiosco no estaba registrado.';
        if (kiosks.get(kiosk) === 'closed') return 'ese kiosco ya estaba cerrado.';
        if (['configured', 'authorized'].includes(kiosks.get(kiosk))) return 'ese kiosco ya estaba configurado: su enlace sirve una sola vez.';
        kiosks.set(kiosk, 'configured');
        return null;
      }
      case 'kiosk_authorized': {
        const kiosk = f.text('kioskId') ?? '';
        if (state.closed) return 'la votación ya estaba cerrada.';
        if (!kiosks.has(kiosk) || kiosks.get(kiosk) === 'registered') return 'ese kiosco no estaba configurado.';
        if (kiosks.get(kiosk) === 'closed') return 'ese kiosco ya estaba cerrado.';
        if (kiosks.get(kiosk) === 'authorized') return 'ese kiosco ya estaba autorizado.';
        kiosks.set(kiosk, 'authorized');
        return null;
      }
      case 'kiosk_closed':
        if (state.closed) return 'la votación ya estaba cerrada.';
        kiosks.set(f.text('kioskId') ?? '', 'closed');
        return null;
      case 'voting_codes_issued': case 'voting_code_reissued':
        return state.closed ? 'la votación ya estaba cerrada.' : null;
      case 'countersignature_requested':
        if (!state.opened || state.closed) return 'una contrafirma se solicita con la votación abierta.';
        requests.set((f.text('requestId') ?? '').toLowerCase(), { action: f.text('action'), kioskId: f.text('kioskId'), by: f.text('requestedBy'), status: 'Requested',
          kioskName: f.text('kioskName'), kioskLocation: f.text('kioskLocation') });
        return null;
      case 'countersignature_withdrawn': {
        const r = requests.get((f.text('requestId') ?? '').toLowerCase());
        if (!r || !['Requested', 'Granted'].includes(r.status)) return 'no retira una solicitud de contrafirma pendiente u otorgada sin usar.';
        if (f.raw('byIeeq') === 'true' && r.status !== 'Granted') return 'el IEEQ retira solo una contrafirma que otorgó y no se usó.';
        if (state.closed) return 'la votación ya estaba cerrada.';
        r.status = 'Withdrawn';
        return null;
      }
      case 'countersignature_granted': case 'countersignature_denied': {
        const r = requests.get((f.text('requestId') ?? '').toLowerCase());
        if (!r || r.status !== 'Requested') return 'no responde a una solicitud de contrafirma pendiente.';
        if (state.closed) return 'la votación ya estaba cerrada.';
        const by = f.text(type === 'countersignature_granted' ? 'grantedBy' : 'deniedBy');
        if ((r.by ?? '').toLowerCase() === (by ?? '').toLowerCase()) return 'quien solicitó la contrafirma no puede resolverla.';
        r.status = type === 'countersignature_granted' ? 'Granted' : 'Denied';
        return null;
      }
      case 'jornada_withdrawn':
        if (state.opened) return 'una Jornada se retira solo antes de abrir la votación.';
        if (state.ofProcess) return 'la Jornada de un proceso no se retira.';
        state.withdrawn = true;
        return null;
      case 'jornada_opened':
        if (state.opened) return 'la votación ya estaba abierta.';
        state.opened = true;
        return null;
      case 'jornada_closed':
        if (!state.opened || state.closed) return 'solo se cierra una vez una votación abierta.';
        state.closed = true;
        state.sealed = f.text('finalHash');
        state.outcome = outcomeOf(new Map(f.keys('counts.').map(o => [o, f.int(`counts.${percent(o)}`) ?? 0])));
        return (f.raw('closedAt') ?? '') < (state.closesAt ?? '')
          ? use(f.text('countersignature'), 'CloseEarly', null, 'cerrar antes de que termine el horario de votación requiere la contrafirma del IEEQ.')
          : null;
      case 'tally_certified':
        if (!state.closed || state.certified) return 'solo se certifica una vez una votación cerrada.';
        state.certified = true;
        return same(f.text('sealHash'), state.sealed) ? null : `certifica el hash ${f.text('sealHash')} y el cierre selló ${state.sealed}.`;
      case 'chosen_project_published':
        if (!state.certified || state.published) return 'el proyecto se publica una vez, después de la certificación del IEEQ.';
        state.published = true;
        return published(f.text('optionId'), f.text('title'));
      default:
        return null;
    }
  };
  // What is published is the option the sealed count gives the majority, by its title on the ballot; nothing on a tie
  // or without ballots (the service's RecordVerifier.Rules.Published). No noted hash covers the publication.
  const published = (optionId, title) => {
    const o = state.outcome;
    if (!o || o.kind !== 'winner')
      return o?.kind === 'tie' ? 'el cierre selló un empate: ningún proyecto resulta elegido y no se publica ninguno.'
        : 'el cierre selló una votación sin votos: ningún proyecto resulta elegido y no se publica ninguno.';
    if (optionId !== o.winner) return `publica la opción ${optionId} y el cierre selló la mayoría para la opción ${o.winner}.`;
    if (state.options.has(o.winner) && title !== state.options.get(o.winner))
      return `publica el título «${title}» y la opción ${o.winner} de la boleta se llama «${state.options.get(o.winner)}».`;
    return null;
  };
  // What verifyExport compares the ballots with: the kiosks registered, and whether online voting was enabled.
  check.kiosks = kiosks;
  check.state = state;
  return check;
}

/** What the record's close sealed of the ballots: their number, final hash and count per option (RecordReport.Sealed). */
const sealedBallots = fields => ({ ballotCount: fields.int('ballotCount') ?? 0, finalHash: fields.text('finalHash') ?? '',
  counts: Object.fromEntries(fields.keys('counts.').map(option => [option, fields.int(`counts.${percent(option)}`) ?? 0])) });

/** A count per option as a finding says it: «A: 10, B: 7», in ordinal order (RecordVerifier.Tally). */
const tally = counts => Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([option, n]) => `${option}: ${n}`).join(', ');

/** An instant as verify prints it in a finding: 2020-10-18 14:30:00 (UTC). */
const utc = instant => `${new Date(instant).toISOString().slice(0, 19).replace('T', ' ')} (UTC)`;

/**
 * An ISO 8601 instant (the record's closedAt, the seal's) as its 100-ns ticks since 1970 (a BigInt), as verify compares
 * them; null when it is not one with seconds, up to 7 decimals and Z or an offset. Date.parse keeps milliseconds only:
 * a seal whose close was moved by less than one was intact here and altered for verify.
 */
const ticks = text => {
  const m = /^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.([0-9]{1,7}))?(Z|[+-][0-9]{2}:[0-9]{2})$/.exec(text ?? '');
  const ms = m ? Date.parse(m[1] + m[3]) : NaN;
  return Number.isNaN(ms) ? null : BigInt(ms) * 10000n + BigInt((m[2] ?? '').padEnd(7, '0'));
};

/**
 * The Jornada's record recomputed: the first fact changed, removed or inserted, or a well-linked fact the rules rule
 * out; then the close against the seal. hashes: the recomputed hash of each fact that passed (for the noted hashes).
 */
export async function verifyRecord(jornadaId, rows, seal) {
  const rules = recordRules();
  const hashes = [];
  let previous = GENESIS;
  let close = null;
  let title = null;
  const result = (at, reason) => ({ checked: hashes.length, head: previous, sealHash: close?.hash ?? null, sealPosition: close?.position ?? null,
    sealed: close ? sealedBallots(close.fields) : null, hashes, kiosks: new Set(rules.kiosks.keys()), onlineVoting: rules.state.online, title,
    break: at === null ? null : { ...at, reason } });
  for (const [i, f] of rows.entries()) {
    const row = i + 1;
    const at = { line: f.line, position: f.position, type: f.type };
    const here = `línea ${f.line}`;
    const name = factName(f.type);
    // First, as verify: a line of other columns has no type to read.
    if (f.notCanonical) return result(at, f.notCanonical);
    if (!FACT_NAMES.has(f.type)) return result(at, `La ${here} trae un evento de tipo «${f.type}», que no es un hecho del registro de una Jornada: se insertó.`);
    if (f.position === null || f.previousHash === null || f.hash === null)
      return result(at, `El evento de la ${here} (${name}) no lleva enlace del registro (posición, hash anterior y hash): no lo escribió el servicio; se insertó.`);
    if (f.position > row) {
      const moved = rows.slice(i + 1).find(r => r.position === row);
      return result(at, moved
        ? `Los eventos están fuera de orden: en la ${here} va el evento ${row} del registro y está el ${f.position} (${name}); el ${row} ` +
          `aparece más adelante, en la línea ${moved.line}. Se movieron filas dentro del archivo: no es el que entregó el servicio.`
        : `Falta el evento ${row} del registro: en la ${here} aparece el ${f.position} (${name}). Se eliminó al menos un evento.`);
    }
    if (f.position < row) return result(at, `La posición ${f.position} aparece otra vez en la ${here} (${name}): se insertó un evento.`);
    if (!same(f.previousHash, previous))
      return result(at, `El evento ${f.position} (${name}, ${here}) no se encadena con el anterior: su hash anterior es ${f.previousHash} y el ` +
        `recalculado del evento ${f.position - 1} es ${previous}.`);
    const hash = await sha256Hex(recordLine(jornadaId, f.position, f.type, f.fields, previous));
    if (!same(hash, f.hash))
      return result(at, `El evento ${f.position} (${name}, ${here}) fue alterado: su contenido da el hash ${hash} y el archivo dice ${f.hash}.`);
    // A rebuilt close with «counts.A=i:03» read as 3 agreed with the seal here and not for the shell (RecordVerifier).
    const odd = f.fields.split(';').find(part => /^[^=]+=i:/.test(part) && !isCanonicalInteger(part.slice(part.indexOf('=') + 3)));
    if (odd !== undefined)
      return result(at, `El evento ${f.position} (${name}, ${here}) escribe el campo «${odd}»: en el registro ${NUMBER_RULE} (salvo el - de un ` +
        `negativo), ${INTEGER_RANGE}. No lo escribió el servicio; se rehízo con sus enlaces.`);
    // «counts.A» and «counts.%41» in one close, its links rebuilt: the page kept the last, verify threw (RecordVerifier).
    const twice = repeatedField(f.fields);
    if (twice)
      return result(at, `El evento ${f.position} (${name}, ${here}) nombra dos veces el campo ` +
        (twice.first === twice.second ? `«${twice.first}»` : `«${twice.name}», como «${twice.first}» y como «${twice.second}»`) +
        ': el servicio escribe cada campo una sola vez. No lo escribió el servicio; se rehízo con sus enlaces.');
    // «optionId=s:%41» says «A»: a text or a name is written one way, as the number above (RecordVerifier).
    const text = nonCanonicalText(f.fields);
    if (text)
      return result(at, `El evento ${f.position} (${name}, ${here}) escribe el campo «${text.written}»` +
        (text.canonical !== null ? `, que el servicio escribe «${text.canonical}»` : '') + `: ${TEXT_RULE}. No lo escribió el servicio; se rehízo con sus enlaces.`);
    // «closedAt=t:2020-10-18T13:00:00Z», «b:True»: an instant, a decimal, a boolean is written one way too (RecordVerifier).
    const value = nonCanonicalValue(f.fields);
    if (value !== null)
      return result(at, `El evento ${f.position} (${name}, ${here}) escribe el campo «${value}»: ${VALUE_RULE}. No lo escribió el servicio; se rehízo con sus enlaces.`);
    const fields = parseFields(f.fields);
    if (!fields) return result(at, `Los campos del evento ${f.position} (${name}, ${here}) no siguen la codificación canónica.`);
    const broken = rules(f.position, f.type, fields);
    if (broken) return result(at, `El evento ${f.position} (${name}, ${here}) no respeta las reglas de la Jornada: ${broken} Se escribió por fuera del servicio, con sus enlaces rehechos.`);
    if (f.type === 'jornada_closed') close = { hash, position: f.position, fields, line: f.line };
    if (f.type === 'jornada_created') title = fields.text('title');
    hashes.push({ position: f.position, type: f.type, hash });
    previous = hash;
  }
  if (rows.length === 0) return result({}, 'El registro está vacío: falta al menos la creación de la Jornada.');
  if (close) {
    const at = { line: close.line, position: close.position, type: 'jornada_closed' };
    const ballots = close.fields.int('ballotCount') ?? 0;
    const byColonia = close.fields.sum('turnout.colonia.');
    const byDelegacion = close.fields.sum('turnout.delegacion.');
    if (byColonia !== ballots || byDelegacion !== ballots)
      return result(at, `El cierre sella ${ballots} boletas y una participación de ${byColonia} personas por colonia y ${byDelegacion} por delegación: deben coincidir.`);
    if (seal) {
      // Which figure of the seal the record says otherwise, and what each says (RecordVerifier's SealDisagreement).
      const differs = (reason, field, inSeal, inRecord, recordSide = 'el cierre del registro') =>
        result({ ...at, disagreement: { field, seal: inSeal, record: inRecord, recordSide } }, reason);
      if (seal.recordHash && !same(seal.recordHash, close.hash))
        return differs(`El sello dice que el cierre del registro tiene el hash ${seal.recordHash}; el recalculado es ${close.hash}.`,
          'el hash del cierre del registro', seal.recordHash, close.hash);
      if (Number.isInteger(seal.recordPosition) && seal.recordPosition !== close.position)
        return differs(`El sello dice que el cierre es el evento ${seal.recordPosition} del registro; en el registro recalculado es el ${close.position}.`,
          'la posición del cierre en el registro', String(seal.recordPosition), String(close.position));
      // What the page prints as the Jornada verified, and who closed it when (RecordVerifier.AgainstSeal says why).
      if (title !== null && seal.title !== undefined && seal.title !== title)
        return differs(`El sello dice que la Jornada se llama «${seal.title}»; su creación en el registro dice «${title}».`,
          'el nombre de la Jornada', `«${seal.title}»`, `«${title}»`, 'el registro');
      const closedBy = close.fields.text('closedBy');
      if (closedBy !== null && seal.closedBy !== undefined && seal.closedBy !== closedBy)
        return differs(`El sello dice que cerró la votación ${seal.closedBy}; el cierre del registro dice ${closedBy}.`,
          'quien cerró la votación', seal.closedBy, closedBy);
      const closedAt = Date.parse(close.fields.text('closedAt') ?? '');
      const [inRecord, inSeal] = [ticks(close.fields.text('closedAt')), ticks(seal.closedAt)];
      if (!Number.isNaN(closedAt) && seal.closedAt !== undefined
        && (inRecord !== null && inSeal !== null ? inRecord !== inSeal : Date.parse(seal.closedAt) !== closedAt))
        return differs(`El sello dice que la votación cerró el ${seal.closedAt}; el cierre del registro dice ${close.fields.text('closedAt')}.`,
          'la hora del cierre', utc(seal.closedAt), utc(closedAt));
      const sealed = sealedBallots(close.fields);
      if (ballots !== seal.ballotCount)
        return differs(`El cierre del registro sella ${ballots} boletas; el sello dice ${seal.ballotCount}.`, 'el número de boletas', String(seal.ballotCount), String(ballots));
      if (!same(close.fields.text('finalHash'), seal.finalHash))
        return differs(`El cierre del registro sella el hash final ${close.fields.text('finalHash')}; el sello dice ${seal.finalHash}.`,
          'el hash final de las boletas', seal.finalHash, sealed.finalHash);
      const counts = reason => differs(reason, 'el cómputo', tally(seal.counts), tally(sealed.counts));
      // The close seals a count for each option on the ballot, zero included (RecordVerifier.AgainstSeal says why).
      for (const [option, count] of Object.entries(seal.counts)) {
        const closed = close.fields.int(`counts.${percent(option)}`);
        if (closed === null) return counts(`El sello trae la opción ${option}, que el cierre del registro no tiene.`);
        if (closed !== count) return counts(`El cierre del registro da ${closed} votos a la opción ${option}; el sello dice ${count}.`);
      }
      for (const option of close.fields.keys('counts.').filter(o => !Object.hasOwn(seal.counts, o)))
        return counts(`El cierre del registro da ${close.fields.int(`counts.${percent(option)}`)} votos a la opción ${option}, que el sello no trae.`);
    }
  } else if (seal) {
    return result({}, 'Hay un sello de cierre pero el registro no tiene el cierre de la votación.');
  }
  return result(null);
}

/** What a verifier says when a noted hash needs the ballots to be compared (AuditVerifier.ChooseBallots). */
export const CHOOSE_BALLOTS = 'elija también las boletas y el sello (--ballots y --seal; en verificar.html, «Boletas» y «Sello») para comprobarlo.';

/** What a verifier says when a noted hash needs the record to be compared (AuditVerifier.ChooseRecord). */
export const CHOOSE_RECORD = 'elija el archivo del registro (--record registro.csv; en verificar.html, «Registro de la Jornada») para comprobarlo.';

/** One file likely another Jornada's (AuditVerifier.ForeignBallots, ForeignRecord): a note, not a finding. */
export const FOREIGN_BALLOTS = 'las boletas no dan su hash desde la primera y la última no guarda el hash final del sello, como pasa con ' +
  'las boletas de otra Jornada. Si no está seguro de que los tres archivos vengan de la misma exportación, descárguelos de nuevo juntos.';
export const FOREIGN_RECORD = 'el registro no da su hash desde el primer evento y ninguno de sus eventos guarda el sello del registro que dice el sello, ' +
  'como pasa con el registro de otra Jornada. Si no está seguro de que los tres archivos vengan de la misma exportación, descárguelos de nuevo juntos.';

/**
 * One file breaks at its first row while the other holds, and does not end as the seal says: likely another Jornada's,
 * renamed so its name no longer tells (mixedUp). A first ballot or event altered in the right file leaves the stored
 * hashes as they were: the ballots' last is the seal's final hash, the record stores the seal's record hash at its close
 * (VerifyCommand.ForeignFile). Null when every file breaks at its first row: verificar.js's note on the seal says it.
 */
function likelyForeignFile(ballots, record, ballotRows, recordRows, seal) {
  const held = part => Boolean(part) && (part.break ? part.break.position > 1 : part.checked > 0);
  if (!held(ballots) && !held(record)) return null;
  if (ballots.break?.position === 1 && ballotRows.at(-1)?.hash !== seal.finalHash) return FOREIGN_BALLOTS;
  if (record?.break?.position === 1 && seal.recordHash && !recordRows.some(r => r.hash === seal.recordHash)) return FOREIGN_RECORD;
  return null;
}

/** What a hash the IEEQ wrote down turns out to be: the record's seal, a fact of the record, the ballots' final hash, or nothing. */
export function checkNoted(hash, { record, ballots, seal }, atClose) {
  const h = hash.trim().toLowerCase();
  if (atClose && record && !record.break && record.sealHash === h)
    return { hash: h, matches: true, message: `El hash anotado al cierre es el sello del registro (el cierre, evento ${record.sealPosition}): cubre todo el registro hasta el cierre y, por el cierre, la cadena de boletas.` };
  const fact = !atClose && record?.hashes.find(x => x.hash === h);
  if (fact) return { hash: h, matches: true, message: `El hash anotado ${h} es el del evento ${fact.position} del registro (${factName(fact.type)}).` };
  if (!ballots.break && ballots.finalHash === h)
    return { hash: h, matches: true, message: atClose
      ? 'El hash anotado al cierre es el hash final de la cadena de boletas: cubre las boletas, no el resto del registro (para eso anote también el sello del registro).'
      : `El hash anotado ${h} es el hash final de las boletas.` };
  // Without the record nothing was recomputed to compare the note with: the seal file's recordHash is only what that file
  // says. Neither intact nor altered (until 2026-12-07 the page said the record was rebuilt; AuditVerifier.AtClose).
  if (!record) {
    const sealSays = same(seal?.recordHash, h);
    return { hash: h, matches: false, unchecked: true, message: sealSays
      ? `${atClose ? `El hash anotado al cierre (${h})` : `El hash anotado ${h}`} es el sello del registro que dice el sello (sello.json), pero sin el archivo del registro no se recalculó: ${CHOOSE_RECORD}`
      : atClose
        ? `El hash anotado al cierre (${h}) no es el sello del registro que dice el sello (${seal?.recordHash ?? 'ninguno'}) ni el hash final de las boletas (${ballots.finalHash}), y sin el archivo del registro no se puede saber si es el de otro evento (la apertura) o si el sello se rehízo: ${CHOOSE_RECORD}`
        : `El hash anotado ${h} no se pudo comprobar: sin el archivo del registro no se recalculó ningún evento (la apertura, la certificación…); ${CHOOSE_RECORD}` };
  }
  // What was noted is the close the record recomputes to; what broke is elsewhere (the seal file, a fact after the close).
  if (atClose && record?.sealHash === h)
    return { hash: h, matches: true, message: `El hash anotado al cierre es el del cierre del registro recalculado (evento ${record.sealPosition}): lo que anotó coincide; lo que no está íntegro es lo que se señala arriba.` };
  // A record broken before its close was never recomputed to its close: nothing says the note is wrong.
  if (atClose && record?.break && !record.sealHash)
    return { hash: h, matches: false, message: `El hash anotado al cierre (${h}) no se pudo comparar con el sello del registro: el registro se rompe antes de su cierre o en él (lo que se señala arriba), así que el cierre no se recalculó${ballots.break ? '.' : `, y no es el hash final de las boletas (${ballots.finalHash}).`} Compárelo con una copia íntegra del registro.` };
  // Another fact's hash (the opening's, the acta's) typed where the close's goes: a note in the wrong box, not a rebuilt
  // record (AuditVerifier.AtClose, in the same order).
  const other = atClose && record?.hashes.find(x => x.hash === h && x.hash !== record.sealHash);
  if (other) return { hash: h, matches: false, misplaced: true, message: `El hash anotado al cierre (${h}) no es el sello del registro: es el del evento ${other.position} (${factName(other.type)}), que se anota en otro momento. Escríbalo entre los otros hashes anotados y, como hash anotado al cierre, el sello del registro que anotó al cerrar.` };
  if (!atClose && record?.break)
    return { hash: h, matches: false, message: `El hash anotado ${h} no aparece en el registro recalculado antes de su ruptura (lo que se señala arriba) ni es el hash final de las boletas: si es de un evento posterior, no se pudo comprobar.` };
  return { hash: h, matches: false, message: atClose
    ? `El hash anotado al cierre (${h}) no es el sello del registro recalculado (${record ? record.sealHash ?? 'no se llegó al cierre' : 'sin registro'}) ni el hash final de las boletas (${ballots.finalHash}): el registro o la cadena se rehicieron después de anotarlo, o se anotó mal.`
    : `El hash anotado ${h} no aparece en el registro recalculado${endsAt(record)}, ni es el hash final de las boletas: ${laterActOrRebuilt(record)}` };
}

/**
 * Only the seal file says otherwise (AuditVerifier.SealFileAltered): every ballot holds and differs from the seal only in
 * count, final hash or tally; the record holds up to its comparison with the seal; its close seals what the ballots give;
 * and the hash noted at the close, when given, is the close's or the ballots'. Then the seal file is the one changed, not
 * a row of the ballots. Returns the finding that replaces both, or null.
 */
function sealFileAltered(ballots, record, expectedSeal) {
  const differs = record?.break?.disagreement;
  const close = record?.sealed;
  if ((ballots.break && !ballots.break.againstSeal) || !differs || !close) return null;
  const voted = counts => tally(Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0)));
  if (close.ballotCount !== ballots.checked || !same(close.finalHash, ballots.finalHash) || voted(close.counts) !== voted(ballots.counts)) return null;
  const noted = expectedSeal.trim().toLowerCase();
  if (noted && !same(noted, record.sealHash) && !same(noted, ballots.finalHash)) return null;
  return { sealAltered: true, reason: `El sello (sello.json) dice que ${differs.field} es ${differs.seal}; ${differs.recordSide}, que concuerda con las boletas` +
    (noted ? ` y con el hash anotado, dice ${differs.record}: se alteró el sello.`
      : `, dice ${differs.record}: se alteró el sello, o se rehicieron juntos las boletas y el registro (el hash anotado al cierre dice cuál).`) };
}

/**
 * The first ballot cast where the record says none could be (AuditVerifier.NotFromTheRecord): at a kiosk the record does
 * not register, at a kiosk without saying which, online with a kiosk or without online voting enabled, or by another
 * channel. Looked at only when every ballot and every fact held. Returns the break, or null.
 */
function notFromTheRecord(ballots, record) {
  for (const s of ballots.sources) {
    const ballot = `La boleta ${s.position} (línea ${s.line}, recibo ${s.receipt})`;
    const at = { line: s.line, position: s.position, receipt: s.receipt };
    if (s.channel === 'kiosk' && s.kiosk === null)
      return { ...at, reason: `${ballot} es de un kiosco y no dice de cuál: el servicio anota en cada boleta de kiosco el kiosco que la recibió. Se rehicieron las boletas con su sello.` };
    if (s.channel === 'kiosk' && !record.kiosks.has(s.kiosk))
      return { ...at, reason: `${ballot} dice que la emitió el kiosco «${s.kiosk}», que no está en el registro de la Jornada: el servicio solo recibe ` +
        'votos de los kioscos registrados. Se rehicieron las boletas con su sello, o el registro.' };
    if (s.channel === 'online' && s.kiosk !== null)
      return { ...at, reason: `${ballot} es de la votación en línea y nombra el kiosco «${s.kiosk}»: una boleta en línea no tiene kiosco. Se rehicieron las boletas con su sello.` };
    if (s.channel === 'online' && !record.onlineVoting)
      return { ...at, reason: `${ballot} se emitió en línea, y el registro de la Jornada no habilita la votación en línea: el servicio solo recibe ` +
        'votos en línea después de habilitarla. Se rehicieron las boletas con su sello, o el registro.' };
    if (s.channel !== 'kiosk' && s.channel !== 'online')
      return { ...at, reason: `${ballot} trae el canal «${s.channel}»: una boleta se emite en un kiosco (kiosk) o en línea (online). Se rehicieron las boletas con su sello.` };
  }
  return null;
}

/** The Jornada id in a file's name, as the service names its downloads (boletas-{id}.csv, registro-{id}.csv), or null. */
export const namedJornada = name => /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.exec(name ?? '')?.[0].toLowerCase() ?? null;

/**
 * Why the ballots or the record are another Jornada's than the seal's, when that is shown rather than guessed (as the
 * service's `verify`): the file's name carries another id and the file's whole chain holds under it. A chain that only
 * fails under the seal's id is altered, however it fails: two changed ballots fail just as another Jornada's would.
 */
async function mixedUp(seal, ballotRows, ballotsName, recordRows, recordName, onProgress) {
  const useOneExport = 'Use el sello, las boletas y el registro de una misma exportación.';
  const ballots = namedJornada(ballotsName);
  if (ballots && ballots !== seal.jornadaId && ballotRows.length > 0 && !(await verifyBallots(ballots, ballotRows, null, onProgress)).break)
    return `El archivo de boletas «${ballotsName}» es de la Jornada ${ballots} (su cadena se verifica con ese identificador) y el sello, de la Jornada ${seal.jornadaId}. ${useOneExport}`;
  const record = namedJornada(recordName);
  if (recordRows && record && record !== seal.jornadaId && !(await verifyRecord(record, recordRows, null)).break)
    return `El registro «${recordName}» es de la Jornada ${record} (su cadena se verifica con ese identificador) y el sello, de la Jornada ${seal.jornadaId}. ${useOneExport}`;
  return null;
}

/**
 * Everything at once, from the files' text: the seal names the Jornada; the ballots and the record are recomputed; the
 * hash noted at the close (and any other) is looked up. intact only when all of it holds; mixUp (and nothing checked)
 * when the files' names show two exports mixed up.
 */
export async function verifyExport({ ballotsText, sealText, recordText = null, ballotsName = null, recordName = null, expectedSeal = '', noted = [], onProgress }) {
  const seal = parseSeal(sealText);
  const ballotRows = parseBallots(ballotsText);
  const recordRows = recordText === null ? null : parseRecord(recordText);
  const mixUp = await mixedUp(seal, ballotRows, ballotsName, recordRows, recordName, onProgress);
  if (mixUp) {
    // The hash noted at the close still speaks of the seal in hand: one that carries neither hash is a finding.
    const h = expectedSeal.trim().toLowerCase();
    const notCarried = h && !same(seal.recordHash, h) && !same(seal.finalHash, h)
      ? `El hash anotado al cierre (${h}) no es el sello del registro ni el hash final de las boletas que dice este sello: el sello es de otra Jornada o se rehízo.`
      : null;
    return { seal, mixUp, notCarried, intact: false };
  }
  let ballots = await verifyBallots(seal.jornadaId, ballotRows, seal, onProgress);
  let record = recordRows === null ? null : await verifyRecord(seal.jornadaId, recordRows, seal);
  const sealFile = sealFileAltered(ballots, record, expectedSeal);
  if (sealFile) [ballots, record] = [{ ...ballots, break: null }, { ...record, break: sealFile }];
  const foreign = !ballots.break && record && (!record.break || record.break.disagreement || record.break.sealAltered) ? notFromTheRecord(ballots, record) : null;
  if (foreign) ballots = { ...ballots, break: foreign };
  const anchors = [
    ...(expectedSeal.trim() ? [checkNoted(expectedSeal, { record, ballots, seal }, true)] : []),
    ...noted.filter(h => h.trim()).map(h => checkNoted(h, { record, ballots, seal }, false)),
  ];
  // sealFile: the seal is not written as the service writes it (a number «14.0»), whatever else holds.
  const sealWritten = seal.notCanonical ? { reason: seal.notCanonical } : null;
  // closeNoted: whether the hash noted at the close was given; other noted hashes prove nothing about files rebuilt whole.
  const intact = !sealWritten && !ballots.break && !record?.break && anchors.every(a => a.matches);
  // misplacedNote: everything holds but the hash noted at the close is another fact's (AuditVerification.OnlyMisplacedNote).
  const onlyNotes = !intact && !sealWritten && !ballots.break && !record?.break && anchors.every(a => a.matches || a.misplaced || a.unchecked);
  // uncheckedNote: everything given holds and a noted hash could not be compared for want of the record (AuditVerification.OnlyUncheckedNote).
  return { seal, ballots, record, anchors, sealFile: sealWritten, closeNoted: Boolean(expectedSeal.trim()), intact,
    foreignFile: likelyForeignFile(ballots, record, ballotRows, recordRows, seal),
    misplacedNote: onlyNotes && !anchors.some(a => a.unchecked), uncheckedNote: onlyNotes && anchors.some(a => a.unchecked) && !anchors.some(a => a.misplaced) };
}

/** What a record checked alone says of where it ends (AuditVerifier.RecordAloneEnd). */
export function recordAloneEnd(record, lastType) {
  if (lastType === 'jornada_withdrawn')
    return `El registro termina con el retiro de la Jornada (evento ${record.checked}): una Jornada retirada no recibe boletas ni tiene sello, y después del retiro el registro no admite nada más; está completo.`;
  if (record.sealHash)
    return `El registro tiene el cierre de la votación (evento ${record.sealPosition}), cuyo hash recalculado es ${record.sealHash}: compárelo con el sello del registro que anotó al cierre. Las boletas no se verificaron: elija también las boletas y el sello para verificarlas.` +
      (record.checked > record.sealPosition ? ` Lo que sigue al cierre (hasta el evento ${record.checked}) lo cubre solo el hash de su último evento, ${record.head}.` : '');
  return `Sin cierre ni sello, nada dice dónde debe terminar el registro: un evento eliminado del final no se nota. Compare el hash de su último evento (${record.checked}), ${record.head}, con el que muestra la mesa de auditoría, o verifique con --database.`;
}

/** A noted hash against a record checked alone (AuditVerifier.AloneAtClose and AloneNoted, in the same order). */
function checkNotedAlone(hash, record, atClose) {
  const h = hash.trim().toLowerCase();
  const upTo = x => x.hash === h; // hashes: only the facts that held before the break
  if (atClose) {
    if (!record.break && record.sealHash === h)
      return { hash: h, matches: true, message: `El hash anotado al cierre es el sello del registro (el cierre, evento ${record.sealPosition}): cubre todo el registro hasta el cierre; las boletas no se verificaron (elija también las boletas y el sello).` };
    // Only what the record says: without the ballots nothing recomputed it, and a record rebuilt whole keeps it (AloneAtClose).
    if (!record.break && record.sealed && same(record.sealed.finalHash, h))
      return { hash: h, matches: false, unchecked: true, message: `El hash anotado al cierre (${h}) es el hash final de las boletas que dice el cierre del registro, pero sin las boletas no se recalculó, y no cubre el registro: ${CHOOSE_BALLOTS}` };
    if (record.sealHash === h)
      return { hash: h, matches: true, message: `El hash anotado al cierre es el del cierre del registro recalculado (evento ${record.sealPosition}): lo que anotó coincide; lo que no está íntegro es lo que se señala arriba.` };
    if (record.break && !record.sealHash)
      return { hash: h, matches: false, message: `El hash anotado al cierre (${h}) no se pudo comparar con el sello del registro: el registro se rompe antes de su cierre o en él (lo que se señala arriba), así que el cierre no se recalculó. Compárelo con una copia íntegra del registro.` };
    const other = record.hashes.find(upTo);
    if (other) return { hash: h, matches: false, misplaced: true, message: `El hash anotado al cierre (${h}) no es el sello del registro: es el del evento ${other.position} (${factName(other.type)}), que se anota en otro momento. Escríbalo entre los otros hashes anotados y, como hash anotado al cierre, el sello del registro que anotó al cerrar.` };
    return { hash: h, matches: false, message: `El hash anotado al cierre (${h}) no es el sello del registro recalculado (${record.sealHash ?? 'el registro no tiene cierre'}) ni ningún otro evento del registro: el registro se rehízo después de anotarlo, o se anotó mal.` };
  }
  const fact = record.hashes.find(upTo);
  if (fact) return { hash: h, matches: true, message: `El hash anotado ${h} es el del evento ${fact.position} del registro (${factName(fact.type)}).` };
  if (!record.break && record.sealed && same(record.sealed.finalHash, h))
    return { hash: h, matches: false, unchecked: true, message: `El hash anotado ${h} es el hash final de las boletas que dice el cierre del registro, pero sin las boletas no se recalculó: ${CHOOSE_BALLOTS}` };
  if (record.break)
    return { hash: h, matches: false, message: `El hash anotado ${h} no aparece en el registro recalculado antes de su ruptura (lo que se señala arriba): si es de un evento posterior, no se pudo comprobar.` };
  return { hash: h, matches: false, message: `El hash anotado ${h} no aparece en el registro recalculado${endsAt(record)}: ${laterActOrRebuilt(record)}` };
}

// Where the record in hand ends, for a noted hash it does not hold: a copy downloaded before the act noted (the
// certification, whose hash the acta asks to note) lacks it as much as a rebuilt one (AuditVerifier.EndsAt).
function endsAt(record) {
  const last = record?.hashes?.[record.hashes.length - 1];
  return last ? `, que termina en el evento ${last.position} (${factName(last.type)})` : '';
}

// Not when the record already holds the certification: the acta prints no later act's hash.
function laterActOrRebuilt(record) {
  return (record?.hashes?.length && !record.hashes.some(h => h.type === 'tally_certified') ? 'si lo anotó de un acto posterior (la certificación, por ejemplo), verifíquelo con un registro descargado después de ese acto; si no, ' : '') +
    'el registro se rehízo después de anotarlo, o se anotó mal.';
}

/**
 * A record on its own (AuditVerifier.VerifyRecord): a withdrawn Jornada's, which has no ballots and no seal, or one
 * downloaded during the vote. The Jornada's id, which goes into every fact's hash, from the file's name as the service
 * names it (registro-{id}.csv) unless given. Its chain, encoding and rules; each noted hash a fact of it. recordAlone,
 * so the page says what was not checked; end: where the record ends, in words.
 */
export async function verifyRecordAlone({ recordText, recordName = null, jornadaId = null, expectedSeal = '', noted = [] }) {
  const id = jornadaId?.toLowerCase() ?? namedJornada(recordName);
  if (!id)
    throw new UnreadableFile(`El nombre del archivo del registro («${recordName ?? ''}») no trae el identificador de la Jornada, que entra en el hash de cada evento: use el archivo con el nombre con que se descargó (registro-ID.csv), o elija también las boletas y el sello.`);
  const rows = parseRecord(recordText);
  const record = await verifyRecord(id, rows, null);
  const anchors = [
    ...(expectedSeal.trim() ? [checkNotedAlone(expectedSeal, record, true)] : []),
    ...noted.filter(h => h.trim()).map(h => checkNotedAlone(h, record, false)),
  ];
  const intact = !record.break && anchors.every(a => a.matches);
  const onlyNotes = !intact && !record.break && anchors.every(a => a.matches || a.misplaced || a.unchecked);
  return { recordAlone: true, jornadaId: id, record, anchors, intact, closeNoted: Boolean(expectedSeal.trim()),
    end: record.break ? null : recordAloneEnd(record, rows.at(-1)?.type ?? null),
    // As AuditVerification.OnlyMisplacedNote and OnlyUncheckedNote: the record holds and only notes could not be placed.
    misplacedNote: onlyNotes && anchors.some(a => a.misplaced),
    uncheckedNote: onlyNotes && anchors.some(a => a.unchecked) && !anchors.some(a => a.misplaced) };
}
