/** The fixed query mix: place + radius, + facet, + text, text only, facets only. */
export const QUERY_MIX = [
	'near=Hannover&radius_km=25',
	'near=Osnabr%C3%BCck&radius_km=10&field=sprache',
	'near=G%C3%B6ttingen&radius_km=25&q=deutschkurs',
	'near=Meppen&radius_km=50&offer=beratung&language=ar',
	'q=sprachcafe',
	'q=job+mentoring',
	'field=arbeit&target_group=frauen',
	'region=lueneburg&childcare=true&cost=free'
];

