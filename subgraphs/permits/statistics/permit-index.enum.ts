import { registerEnumType } from 'type-graphql';

/** The permit indexes that count residents (pending and active count permits, enterprisesResumed enterprises). */
export enum PermitIndex {
  RESUMED_WORKERS = 'RESUMED_WORKERS',
}
registerEnumType(PermitIndex, {
  name: 'PermitIndex',
  description: 'A permit index that counts residents, for the list of the residents behind it: its field name in capitals, words split by "_".',
  valuesConfig: {
    RESUMED_WORKERS: {
      description:
        'resumedWorkers: the distinct holders of active permits, listed in the first community (code order) of the region where they hold one.',
    },
  },
});
