import { connectionTypes } from '../../shared/pagination.js';
import { WorkPermit } from './permit.type.js';

export const { ConnectionType: WorkPermitConnection } = connectionTypes(WorkPermit, 'WorkPermit', 'work permit');
