import type { ActivityData } from './activity-input';

/** Column values of an activity. */
export const activityColumns = (a: ActivityData) => ({
	action_field_id: a.actionFieldId,
	title: a.title,
	description: a.description,
	target_groups: JSON.stringify(a.targetGroups),
	languages: JSON.stringify(a.languages),
	address: a.address,
	lat: a.lat,
	lon: a.lon,
	schedule: a.schedule,
	weekdays: JSON.stringify(a.weekdays),
	start_time: a.startTime,
	end_time: a.endTime,
	cost_cents: a.costCents,
	source: a.source,
	last_confirmed_on: a.lastConfirmedOn
});
