/** Health's side of the events between subgraphs (see events.ts): its outbox and its consumers' cursors. */
import { eventCursorTable, outboxTable } from '../../shared/events/outbox-table.js';
import { health } from './schema.js';

/** How far each of health's event consumers has read its producer's outbox. */
export const eventCursors = eventCursorTable(health);

/** Facts health publishes: individual positive results (the cases subgraph opens a case for each). */
export const outbox = outboxTable(health);
