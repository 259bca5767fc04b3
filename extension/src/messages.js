// Every message between the extension's parts, named by direction (Dark Reader's habit):
// a content script (CS) or an extension page (UI) asks the background worker (BG).
export const MessageCStoBG = Object.freeze({
  ANALYZE: 'cs-bg:analyze', // {platform, comments:[{id,text,author?,posted_at?}], lang}
  CHECK_DRAFT: 'cs-bg:check-draft', // {text, comment_id?, platform?, lang?, comment?: {text, tone, persona, author_name}}
  HANDLED: 'cs-bg:handled', // {platform, comment_ids} → {handled, claims}
  CLAIM: 'cs-bg:claim', // {platform, comment_id, release?}: this operator is answering (or stopped)
  EVENT: 'cs-bg:event', // {event} or {events: [...]}: comment_seen, reply_sent or customer_followup events without uuid
  PAGE_HEALTH: 'cs-bg:page-health', // {platform, page_kind, state, reason, count}
});

export const MessageUItoBG = Object.freeze({
  STATUS: 'ui-bg:status', // popup/options: connection state and queue length
  TEST_PAIRING: 'ui-bg:test-pairing', // options: check address + token now
  CLAIM_PAIRING: 'ui-bg:claim-pairing', // options: {companionUrl, code}: collect a granted token
});

// The worker tells pages about the connection through storage (key `connection`),
// which every open tab observes; no message is needed that way.

// A content script's message carries its payload as one JSON string, and the worker
// answers the same way: Chrome converts a message object by object on the page's main
// thread (a 100-comment analysis is thousands of values each way), while one string
// crosses as one value and JSON.parse/stringify are fast. The worker still takes plain
// objects (the extension's own pages send those).
// The content scripts' long-lived port to the worker (src/content/channel.js).
export const PORT_NAME = 'otklik-page';

export const MAX_MESSAGE_CHARS = 32 * 1024 * 1024;

/** The runtime message for `type` with `payload` (an object). */
export function encodeMessage(type, payload) {
  return { type, json: JSON.stringify(payload ?? {}) };
}

/**
 * The message as the worker handles it: {type, ...payload}. Throws on a JSON payload
 * that is too long, not JSON or not an object.
 */
export function decodeMessage(msg) {
  if (typeof msg?.json !== 'string') return msg;
  if (msg.json.length > MAX_MESSAGE_CHARS) throw new Error(`message over ${MAX_MESSAGE_CHARS} characters`);
  const payload = JSON.parse(msg.json);
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) throw new Error('message payload is not an object');
  return { ...payload, type: msg.type };
}

/** The worker's answer to `msg`: as JSON when the message came as JSON. */
export function encodeAnswer(msg, answer) {
  return typeof msg?.json === 'string' ? { json: JSON.stringify(answer ?? null) } : answer;
}

/** The answer as the content script reads it. */
export function decodeAnswer(raw) {
  return typeof raw?.json === 'string' ? JSON.parse(raw.json) : raw;
}

export const CONTENT_MESSAGES = new Set(Object.values(MessageCStoBG));
export const UI_MESSAGES = new Set(Object.values(MessageUItoBG));
