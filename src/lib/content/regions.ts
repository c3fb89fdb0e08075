/**
 * The four ArL regions with their Kreis-level units (requirements §7.1).
 * Names are official German proper names and are shown as such in every
 * locale; the region code is the third digit of the AGS (031… → 1).
 */
export type RegionId = 'braunschweig' | 'leine-weser' | 'lueneburg' | 'weser-ems';

export type RegionFacts = {
	id: RegionId;
	agsPrefix: string;
	cities: string[];
	districts: string[];
};

export const REGIONS: RegionFacts[] = [
	{
		id: 'braunschweig',
		agsPrefix: '031',
		cities: ['Braunschweig', 'Salzgitter', 'Wolfsburg'],
		districts: ['Gifhorn', 'Goslar', 'Helmstedt', 'Northeim', 'Peine', 'Wolfenbüttel', 'Göttingen']
	},
	{
		id: 'leine-weser',
		agsPrefix: '032',
		cities: [],
		districts: ['Region Hannover', 'Diepholz', 'Hameln-Pyrmont', 'Hildesheim', 'Holzminden', 'Nienburg/Weser', 'Schaumburg']
	},
	{
		id: 'lueneburg',
		agsPrefix: '033',
		cities: [],
		districts: [
			'Celle',
			'Cuxhaven',
			'Harburg',
			'Lüchow-Dannenberg',
			'Lüneburg',
			'Osterholz',
			'Rotenburg (Wümme)',
			'Heidekreis',
			'Stade',
			'Uelzen',
			'Verden'
		]
	},
	{
		id: 'weser-ems',
		agsPrefix: '034',
		cities: ['Delmenhorst', 'Emden', 'Oldenburg (Oldb)', 'Osnabrück', 'Wilhelmshaven'],
		districts: [
			'Ammerland',
			'Aurich',
			'Cloppenburg',
			'Emsland',
			'Friesland',
			'Grafschaft Bentheim',
			'Leer',
			'Oldenburg',
			'Osnabrück',
			'Vechta',
			'Wesermarsch',
			'Wittmund'
		]
	}
];
