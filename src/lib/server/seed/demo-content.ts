import type { Db } from '../db/connection';
import { seedDemoActors, seedDemoConcepts, seedDemoDistricts } from '../districts/seed-demo-districts';
import { seedDemoPlan } from '../plans/seed-demo-plan';
import { seedDemoStatistics } from '../indicators/seed-demo-statistics';
import { seedDemoActorInventory } from '../actors/seed-demo-inventory';

/** Demo content per domain area, run in this order after the demo municipality and its admin exist. */
export const demoContent: ((db: Db, municipalityId: string) => Promise<void>)[] = [seedDemoDistricts, seedDemoStatistics, seedDemoActors, seedDemoActorInventory, seedDemoConcepts, seedDemoPlan];
