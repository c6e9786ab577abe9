/**
 * Indonesian complaint text → tokens. Citizens write informally: slang and SMS abbreviations
 * ("gk", "tdk", "jln"), stretched letters ("tolonggg"), reduplication ("jalan-jalan"), URLs and
 * masked identifiers. Everything maps to one spelling so the classifier sees one feature per word.
 */

/** Informal spellings and abbreviations → the standard word. */
const SLANG: Record<string, string> = {
  gk: 'tidak',
  ga: 'tidak',
  gak: 'tidak',
  g: 'tidak',
  nggak: 'tidak',
  ngga: 'tidak',
  enggak: 'tidak',
  engga: 'tidak',
  kagak: 'tidak',
  tdk: 'tidak',
  tak: 'tidak',
  ndak: 'tidak',
  gag: 'tidak',
  blm: 'belum',
  blum: 'belum',
  sdh: 'sudah',
  udh: 'sudah',
  udah: 'sudah',
  dah: 'sudah',
  sdah: 'sudah',
  jln: 'jalan',
  jl: 'jalan',
  jalanan: 'jalan',
  yg: 'yang',
  dgn: 'dengan',
  dg: 'dengan',
  dr: 'dari',
  krn: 'karena',
  karna: 'karena',
  kr: 'karena',
  utk: 'untuk',
  tuk: 'untuk',
  u: 'untuk',
  sy: 'saya',
  sya: 'saya',
  aq: 'saya',
  aku: 'saya',
  gue: 'saya',
  gw: 'saya',
  kmi: 'kami',
  tp: 'tapi',
  tpi: 'tapi',
  bgt: 'sekali',
  banget: 'sekali',
  bngt: 'sekali',
  bnyk: 'banyak',
  byk: 'banyak',
  jg: 'juga',
  jga: 'juga',
  lg: 'lagi',
  lgi: 'lagi',
  sm: 'sama',
  sma: 'sama',
  hrs: 'harus',
  msh: 'masih',
  masi: 'masih',
  bs: 'bisa',
  bsa: 'bisa',
  gmn: 'bagaimana',
  gimana: 'bagaimana',
  bgmn: 'bagaimana',
  knp: 'kenapa',
  kpn: 'kapan',
  mhn: 'mohon',
  mohon: 'mohon',
  tlg: 'tolong',
  tlong: 'tolong',
  trs: 'terus',
  trus: 'terus',
  pd: 'pada',
  dlm: 'dalam',
  sbg: 'sebagai',
  spt: 'seperti',
  kalo: 'kalau',
  klo: 'kalau',
  kl: 'kalau',
  org: 'orang',
  orng: 'orang',
  tsb: 'tersebut',
  thn: 'tahun',
  bln: 'bulan',
  hr: 'hari',
  mgg: 'minggu',
  skrg: 'sekarang',
  skr: 'sekarang',
  sekarng: 'sekarang',
  pak: 'bapak',
  bpk: 'bapak',
  bu: 'ibu',
  ortu: 'orangtua',
  warga2: 'warga',
  kec: 'kecamatan',
  kel: 'kelurahan',
  kelurhan: 'kelurahan',
  rt: 'rt',
  rw: 'rw',
  gg: 'gang',
  sd: 'sd',
  smp: 'smp',
  pju: 'lampu',
  lpj: 'lampu',
  kk: 'kk',
  ktp: 'ktp',
  ekt: 'ktp',
  ektp: 'ktp',
  bpjs: 'bpjs',
  mbr: 'mbr',
  sampah2: 'sampah',
  pdam: 'pdam',
  dispenduk: 'dispendukcapil',
  dispendukcapil: 'dispendukcapil',
  pemkot: 'pemkot',
  sby: 'surabaya',
  sbya: 'surabaya',
};

/** Affixes stripped by the light stemmer, longest first. */
const SUFFIXES = ['nya', 'lah', 'kah', 'kan', 'pun'];
const PREFIXES = ['meng', 'meny', 'mem', 'men', 'me', 'peng', 'peny', 'pem', 'pen', 'ber', 'ter', 'di', 'ke'];

/**
 * A light stemmer: removes one particle/possessive suffix, then one derivational prefix, keeping
 * at least four letters. Cruder than Sastrawi (no dictionary) but fast and enough for a classifier
 * that also sees character n-grams; measured in bench/routing.
 */
export function stemIndonesian(word: string): string {
  let stem = word;
  for (const suffix of SUFFIXES) {
    if (stem.length - suffix.length >= 4 && stem.endsWith(suffix)) {
      stem = stem.slice(0, -suffix.length);
      break;
    }
  }
  for (const prefix of PREFIXES) {
    if (stem.length - prefix.length >= 4 && stem.startsWith(prefix)) {
      stem = stem.slice(prefix.length);
      break;
    }
  }
  return stem;
}

/** Lower-cases and canonicalises the text; returns the words (before stemming). */
export function normaliseText(text: string): string[] {
  const cleaned = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/https?:\/\/\S+|www\.\S+/g, ' tautan ')
    .replace(/\[(nik|telp|email)\]/g, ' $1 ')
    .replace(/\S+@\S+\.\S+/g, ' email ')
    // reduplication: "jalan-jalan" and "jalan2" → "jalan"
    .replace(/\b([a-z]+)-\1\b/g, '$1')
    .replace(/\b([a-z]{3,})2\b/g, '$1')
    // stretched letters: three or more of the same → one ("tolonggg" → "tolong")
    .replace(/([a-z])\1{2,}/g, '$1')
    .replace(/\d+/g, (digits) => (digits.length >= 4 ? ' angka ' : ` ${digits} `));
  const words: string[] = [];
  for (const raw of cleaned.split(/[^a-z0-9]+/)) {
    if (!raw) continue;
    const word = SLANG[raw] ?? raw;
    words.push(word);
  }
  return words;
}

/** Normalised and stemmed tokens, as the classifier's word features see them. */
export function tokenise(text: string): string[] {
  return normaliseText(text).map(stemIndonesian);
}
