// Vocabulary of the demo seed: company and people names, positions and the departments of champions.
import type { Seniority } from '../../generated/client/client.js';

export type Weighted<T> = ReadonlyArray<readonly [T, number]>;

// ---------------------------------------------------------------------------------------------------
// Word lists

// biome-ignore format: a word list reads better packed
export const COMPANY_PREFIXES = [
  'Halcyon', 'Brightwater', 'Northgate', 'Silverline', 'Bluestone', 'Redwood', 'Ironbridge', 'Clearview', 'Summit',
  'Evergreen', 'Harborview', 'Lakeside', 'Granite', 'Meridian', 'Pinnacle', 'Cobalt', 'Aurora', 'Beacon', 'Cedar',
  'Crescent', 'Driftwood', 'Ember', 'Falcon', 'Foxglove', 'Frontier', 'Goldcrest', 'Greenfield', 'Highland',
  'Horizon', 'Juniper', 'Keystone', 'Kingsway', 'Larkspur', 'Lighthouse', 'Linden', 'Maplewood', 'Marigold',
  'Meadowlark', 'Millbrook', 'Monarch', 'Northstar', 'Oakridge', 'Orchard', 'Pacifica', 'Paragon', 'Pioneer',
  'Quarry', 'Radiant', 'Ridgeway', 'Riverbend', 'Rockport', 'Sable', 'Saffron', 'Sandstone', 'Sequoia', 'Shoreline',
  'Sierra', 'Skyline', 'Solstice', 'Sparrow', 'Starling', 'Stonebridge', 'Sunrise', 'Tidewater', 'Timberline',
  'Trident', 'Vantage', 'Vertex', 'Westbrook', 'Willow', 'Windward', 'Zenith', 'Alder', 'Amberly', 'Apex', 'Arbor',
  'Atlas', 'Bayview', 'Birchwood', 'Boulder', 'Brookfield', 'Canyon', 'Cascade', 'Copperline', 'Coral', 'Crestline',
  'Cypress', 'Delta', 'Eastwood', 'Elmstead', 'Fairhaven', 'Fernhill', 'Glacier', 'Hawthorne', 'Heron', 'Ivory',
  'Kestrel', 'Lantern', 'Magnolia', 'Mariner', 'Northfield', 'Oceanic', 'Opal', 'Osprey', 'Pembroke', 'Prairie',
  'Quill', 'Raven', 'Sagebrush', 'Seabright', 'Silverpine', 'Stellar', 'Thornbury', 'Trillium', 'Upland', 'Verdant',
  'Waypoint', 'Wildrose', 'Bramble',
] as const;

// biome-ignore format: a word list reads better packed
export const COMPANY_MIDDLES = [
  'Bay', 'Park', 'River', 'Valley', 'Point', 'Ridge', 'Creek', 'Hill', 'Lake', 'Field', 'Stone', 'Bridge', 'Crest',
  'Gate', 'Hollow', 'Island', 'Mesa', 'Peak', 'Port', 'Shore', 'Springs', 'Forge', 'Mill', 'Grove', 'Coast',
] as const;

// biome-ignore format: a word list reads better packed
export const COMPANY_INDUSTRIES = [
  'Logistics', 'Health', 'Analytics', 'Freight', 'Foods', 'Energy', 'Financial', 'Capital', 'Insurance', 'Robotics',
  'Biotech', 'Pharma', 'Labs', 'Software', 'Systems', 'Networks', 'Telecom', 'Media', 'Retail', 'Apparel',
  'Outfitters', 'Manufacturing', 'Industries', 'Materials', 'Chemicals', 'Aerospace', 'Automotive', 'Mobility',
  'Hospitality', 'Hotels', 'Travel', 'Realty', 'Properties', 'Construction', 'Engineering', 'Consulting', 'Advisors',
  'Legal', 'Education', 'Learning', 'Bank', 'Credit Union', 'Mutual', 'Agritech', 'Farms', 'Water', 'Utilities',
  'Solar', 'Marine', 'Shipping', 'Medical', 'Clinics', 'Diagnostics', 'Dental', 'Pet Care', 'Security', 'Cloud',
  'Payments', 'Games', 'Studios', 'Publishing', 'Beverages',
] as const;

export const COMPANY_SUFFIXES = ['Group', 'Holdings', 'International', 'Partners', 'Co'] as const;

/** Former and next employers that are not our accounts: no word here starts an account name. */
// biome-ignore format: a word list reads better packed
export const EMPLOYER_PREFIXES = [
  'Ashford', 'Blackwell', 'Carrington', 'Dunmore', 'Everly', 'Fairbanks', 'Glenmore', 'Hartwell', 'Ingram', 'Jasper',
  'Kensington', 'Langley', 'Marlowe', 'Newbury', 'Oakley', 'Prescott', 'Quinton', 'Rutherford', 'Sterling',
  'Thornton', 'Underwood', 'Vance', 'Whitmore', 'Yardley', 'Ashcroft', 'Bexley', 'Caldwell', 'Davenport', 'Ellsworth',
  'Fenwick', 'Grafton', 'Holloway', 'Kingsley', 'Lockhart', 'Montague', 'Norwood', 'Pemberton', 'Radcliffe',
  'Stanhope', 'Wexford',
] as const;

export interface NameCulture {
  readonly weight: number;
  readonly first: readonly string[];
  readonly last: readonly string[];
}

// biome-ignore format: name lists read better packed
export const NAME_CULTURES: readonly NameCulture[] = [
  {
    weight: 28,
    first: [
      'James', 'Emily', 'Michael', 'Sarah', 'David', 'Jessica', 'Robert', 'Laura', 'Christopher', 'Megan', 'Andrew',
      'Rachel', 'Matthew', 'Hannah', 'Ryan', 'Olivia', 'Katherine', 'Brian', 'Lauren', 'Nathan',
    ],
    last: [
      'Smith', 'Johnson', 'Williams', 'Brown', 'Taylor', 'Anderson', 'Thompson', 'Walker', 'Harris', 'Clarke',
      'Mitchell', 'Turner', 'Parker', 'Collins', 'Edwards', 'Hughes', 'Foster', 'Bennett', 'Reed', 'Sullivan',
    ],
  },
  {
    weight: 7,
    first: [
      'Jürgen', 'Lukas', 'Anna', 'Katrin', 'Stefan', 'Matthias', 'Julia', 'Sabine', 'Tobias', 'Lena', 'Jörg',
    ],
    last: [
      'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Becker', 'Wagner', 'Hoffmann', 'Schäfer', 'Krüger',
      'Groß', 'Köhler',
    ],
  },
  {
    weight: 4,
    first: [
      'Zoë', 'Siobhán', 'Niamh', 'Aoife', 'Ciarán', 'Seán', 'Eoin', 'Róisín', 'Pádraig', 'Orla',
    ],
    last: [
      'Ní Bhriain', 'Ó Súilleabháin', 'Murphy', 'Kelly', "O'Brien", 'Byrne', 'Walsh', 'Ní Dhomhnaill', 'Gallagher',
      'Mac Giolla Phádraig',
    ],
  },
  {
    weight: 8,
    first: [
      'José', 'María', 'Lucía', 'Javier', 'Alejandro', 'Sofía', 'Andrés', 'Camila', 'Martín', 'Valentina', 'Íñigo',
    ],
    last: [
      'Álvarez', 'García', 'Rodríguez', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Muñoz',
      'Jiménez', 'Núñez',
    ],
  },
  {
    weight: 5,
    first: [
      'François', 'Chloé', 'Élodie', 'Mathieu', 'Hélène', 'Sébastien', 'Camille', 'Théo', 'Amélie', 'Gaël',
    ],
    last: [
      'Dubois', 'Lefèvre', 'Moreau', 'Laurent', 'Girard', 'Rousseau', 'Bérubé', 'Lemaître', 'Fontaine', 'Chevalier',
    ],
  },
  {
    weight: 4,
    first: [
      'Søren', 'Björn', 'Ingrid', 'Astrid', 'Lars', 'Freja', 'Mikael', 'Åsa', 'Henrik', 'Sigrid',
    ],
    last: [
      'Jørgensen', 'Lindqvist', 'Andersson', 'Nilsson', 'Håkansson', 'Østergaard', 'Berg', 'Dahl', 'Lindström',
      'Sæther',
    ],
  },
  {
    weight: 3,
    first: [
      'Łukasz', 'Małgorzata', 'Katarzyna', 'Piotr', 'Tomasz', 'Agnieszka', 'Paweł', 'Magdalena', 'Michał', 'Joanna',
    ],
    last: [
      'Nowak', 'Wójcik', 'Kaczmarek', 'Mazur', 'Krawczyk', 'Sikora', 'Woźniak', 'Pawlak', 'Michalak', 'Zając',
    ],
  },
  {
    weight: 8,
    first: [
      'Arjun', 'Ananya', 'Rohan', 'Deepika', 'Vikram', 'Neha', 'Rahul', 'Kavya', 'Sanjay', 'Aditi',
    ],
    last: [
      'Sharma', 'Patel', 'Iyer', 'Reddy', 'Nair', 'Gupta', 'Menon', 'Singh', 'Kulkarni', 'Banerjee',
    ],
  },
  {
    weight: 6,
    first: [
      'Wei', 'Jing', 'Hao', 'Mei', 'Xiaoming', 'Yan', 'Jun', 'Ling', 'Zhiwei', 'Xinyi',
    ],
    last: [
      'Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou',
    ],
  },
  {
    weight: 3,
    first: [
      'Haruto', 'Yuki', 'Sakura', 'Takeshi', 'Aiko', 'Kenta', 'Hiroshi', 'Emi',
    ],
    last: [
      'Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Ito', 'Yamamoto', 'Nakamura', 'Kobayashi',
    ],
  },
  {
    weight: 4,
    first: [
      'Chinedu', 'Ngozi', 'Oluwaseun', 'Adaeze', 'Emeka', 'Funmilayo', 'Tunde', 'Chiamaka',
    ],
    last: [
      'Okafor', 'Adeyemi', 'Okonkwo', 'Balogun', 'Eze', 'Nwosu', 'Adebayo', 'Obi',
    ],
  },
  {
    weight: 3,
    first: [
      'Emre', 'Elif', 'Mehmet', 'Zeynep', 'Can', 'Ayşe', 'Burak', 'Selin',
    ],
    last: [
      'Yılmaz', 'Öztürk', 'Çelik', 'Şahin', 'Demir', 'Kaya', 'Aydın', 'Arslan',
    ],
  },
  {
    weight: 4,
    first: [
      'Giulia', 'Marco', 'Francesca', 'Luca', 'Chiara', 'Alessandro', 'Elena', 'Matteo',
    ],
    last: [
      'Rossi', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Conti', 'De Luca',
    ],
  },
  {
    weight: 3,
    first: [
      'Daan', 'Sanne', 'Joris', 'Femke', 'Bram', 'Lotte',
    ],
    last: [
      'de Vries', 'van Dijk', 'Bakker', 'Visser', 'Jansen', 'van den Berg', 'Smit',
    ],
  },
  {
    weight: 3,
    first: [
      'Min-jun', 'Seo-yeon', 'Ji-ho', 'Ha-eun', 'Hyun-woo',
    ],
    last: [
      'Kim', 'Lee', 'Park', 'Choi', 'Jung',
    ],
  },
  {
    weight: 2,
    first: [
      'Minh', 'Linh', 'Thảo', 'Quang', 'Huyền',
    ],
    last: [
      'Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Đặng',
    ],
  },
  {
    weight: 3,
    first: [
      'Omar', 'Layla', 'Youssef', 'Fatima', 'Karim', 'Nour', 'Rania',
    ],
    last: [
      'Haddad', 'Mansour', 'Khalil', 'Nasser', 'Saleh', 'Farouk',
    ],
  },
  {
    weight: 4,
    first: [
      'João', 'Ana Lúcia', 'Gonçalo', 'Inês', 'Thiago', 'Beatriz', 'Rafael', 'Mariana',
    ],
    last: [
      'Silva', 'Santos', 'Oliveira', 'Conceição', 'Gonçalves', 'Araújo', 'Ribeiro', 'Carvalho',
    ],
  },
];

export const CULTURE_WEIGHTS: Weighted<NameCulture> = NAME_CULTURES.map(
  (culture) => [culture, culture.weight] as const,
);

// ---------------------------------------------------------------------------------------------------
// Positions at customer companies

export type Department =
  | 'Finance'
  | 'IT'
  | 'Operations'
  | 'Sales'
  | 'Marketing'
  | 'Procurement'
  | 'Engineering'
  | 'Customer Support'
  | 'Executive';

export interface Position {
  readonly title: string;
  readonly department: Department;
  readonly seniority: Seniority;
}

export const SENIORITY_RANK: Record<Seniority, number> = {
  INDIVIDUAL_CONTRIBUTOR: 0,
  MANAGER: 1,
  DIRECTOR: 2,
  VP: 3,
  EXECUTIVE: 4,
};

export function positions(seniority: Seniority, entries: ReadonlyArray<readonly [string, Department]>): Position[] {
  return entries.map(([title, department]) => ({ title, department, seniority }));
}

export const POSITIONS: readonly Position[] = [
  ...positions('EXECUTIVE', [
    ['Chief Executive Officer', 'Executive'],
    ['President', 'Executive'],
    ['Chief Operating Officer', 'Executive'],
    ['Chief Financial Officer', 'Finance'],
    ['Chief Information Officer', 'IT'],
    ['Chief Technology Officer', 'Engineering'],
    ['Chief Revenue Officer', 'Sales'],
    ['Chief Marketing Officer', 'Marketing'],
    ['Chief Customer Officer', 'Customer Support'],
  ]),
  ...positions('VP', [
    ['VP of Finance', 'Finance'],
    ['VP of Operations', 'Operations'],
    ['VP of Sales', 'Sales'],
    ['SVP, Revenue Operations', 'Sales'],
    ['VP of Marketing', 'Marketing'],
    ['VP of Engineering', 'Engineering'],
    ['VP of IT', 'IT'],
    ['VP, Data & Analytics', 'IT'],
    ['VP of Customer Support', 'Customer Support'],
    ['VP of Procurement', 'Procurement'],
  ]),
  ...positions('DIRECTOR', [
    ['Finance Director', 'Finance'],
    ['Director of FP&A', 'Finance'],
    ['Director of IT', 'IT'],
    ['Director of Business Intelligence', 'IT'],
    ['Director of Operations', 'Operations'],
    ['Director of Supply Chain', 'Operations'],
    ['Director of Sales Operations', 'Sales'],
    ['Director of Marketing Operations', 'Marketing'],
    ['Director of Demand Generation', 'Marketing'],
    ['Director of Engineering', 'Engineering'],
    ['Director of Customer Support', 'Customer Support'],
    ['Head of Procurement', 'Procurement'],
  ]),
  ...positions('MANAGER', [
    ['FP&A Manager', 'Finance'],
    ['Controller', 'Finance'],
    ['IT Manager', 'IT'],
    ['BI Manager', 'IT'],
    ['Operations Manager', 'Operations'],
    ['Sales Operations Manager', 'Sales'],
    ['Revenue Operations Manager', 'Sales'],
    ['Marketing Manager', 'Marketing'],
    ['Engineering Manager', 'Engineering'],
    ['Data Engineering Manager', 'Engineering'],
    ['Customer Support Manager', 'Customer Support'],
    ['Support Team Lead', 'Customer Support'],
    ['Procurement Manager', 'Procurement'],
  ]),
  ...positions('INDIVIDUAL_CONTRIBUTOR', [
    ['Financial Analyst', 'Finance'],
    ['Systems Administrator', 'IT'],
    ['Solutions Architect', 'IT'],
    ['Data Analyst', 'Operations'],
    ['Business Analyst', 'Operations'],
    ['Sales Operations Analyst', 'Sales'],
    ['Account Executive', 'Sales'],
    ['Marketing Analyst', 'Marketing'],
    ['Marketing Operations Specialist', 'Marketing'],
    ['Software Engineer', 'Engineering'],
    ['Data Engineer', 'Engineering'],
    ['Support Specialist', 'Customer Support'],
    ['Procurement Specialist', 'Procurement'],
  ]),
];

/** Departments that buy an analytics product and produce its champions. */
export const CHAMPION_DEPARTMENTS: Weighted<Department> = [
  ['Operations', 5],
  ['Sales', 4],
  ['Marketing', 3],
  ['IT', 3],
  ['Customer Support', 2],
  ['Engineering', 2],
  ['Finance', 2],
];
