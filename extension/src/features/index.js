// The page features, in the order they register. Each is one module with init(page).
import { toneBadge } from './toneBadge.js';
import { personaPopover } from './personaPopover.js';
import { waitingTime } from './waitingTime.js';
import { handledMarker } from './handledMarker.js';
import { unansweredPanel } from './unansweredPanel.js';
import { draftWatcher } from './draftWatcher.js';
import { replyCoach } from './replyCoach.js';
import { timingCapture } from './timingCapture.js';
import { followupWatcher } from './followupWatcher.js';
import { teamPresence } from './teamPresence.js';

export const FEATURES = [handledMarker, toneBadge, personaPopover, waitingTime, unansweredPanel, draftWatcher, replyCoach, timingCapture, followupWatcher, teamPresence];
