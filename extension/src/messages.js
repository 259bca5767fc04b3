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

export const CONTENT_MESSAGES = new Set(Object.values(MessageCStoBG));
export const UI_MESSAGES = new Set(Object.values(MessageUItoBG));
