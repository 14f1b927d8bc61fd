/** The handbook's twelve fields of action, seeded for every new municipality (names stay editable). */
export const handbookActionFields = [
	{ key: 'housing', name: 'Wohnen und Stadtentwicklung' },
	{ key: 'social-infrastructure', name: 'Soziale Infrastruktur, Generationen und Zusammenleben' },
	{ key: 'intercultural-opening', name: 'Interkulturelle Öffnung' },
	{ key: 'education', name: 'Bildung und Übergang Schule–Beruf' },
	{ key: 'work', name: 'Arbeit, Arbeitsmarkt und lokale Ökonomie' },
	{ key: 'language', name: 'Sprache und Sprachförderung' },
	{ key: 'health', name: 'Gesundheit' },
	{ key: 'culture', name: 'Kultur' },
	{ key: 'religion', name: 'Religion' },
	{ key: 'participation', name: 'Partizipation' },
	{ key: 'civic-engagement', name: 'Bürgerschaftliches Engagement' },
	{ key: 'sport', name: 'Sport' }
] as const;
