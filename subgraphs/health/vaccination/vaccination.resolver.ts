import { Resolver } from 'type-graphql';

/** Placeholder until the feature lands: resolves nothing yet. */
@Resolver()
export class VaccinationResolver {}
