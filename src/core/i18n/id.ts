/**
 * The Bahasa Indonesia table: the same keys and parameters as the English one (the type
 * checks it), in the polite, plain Indonesian a shop owner and their customers use.
 */
import type { Catalogue, Column, DocLabel, ReachReason, StatementLabel, StatementWord, TodaySection } from './en.js';
import { DEFAULT_TEMPLATES, VARIABLE_DESCRIPTIONS } from './template-texts.js';

const KINDS: Record<string, string> = {
  business: 'usaha',
  customer: 'pelanggan',
  invoice: 'faktur',
  payment: 'pembayaran',
  dispute: 'sengketa',
  'pending payment': 'laporan pembayaran',
  member: 'anggota',
  'API token': 'token API',
  message: 'pesan',
  channel: 'pengaturan saluran',
};

const STATUSES: Record<string, string> = {
  open: 'masih terbuka',
  paid: 'sudah lunas',
  void: 'sudah dibatalkan',
  voided: 'sudah dibatalkan',
  written_off: 'sudah dihapusbukukan',
  active: 'aktif',
  on_hold: 'sedang ditahan',
  in_collection: 'dalam penagihan',
  resolved: 'sudah diselesaikan',
  rejected: 'sudah ditolak',
  verified: 'sudah diverifikasi',
  pending: 'menunggu',
  gone: 'tidak ada lagi',
};
const status = (name: string) => STATUSES[name] ?? name;

const COLUMNS: Record<Column, string> = {
  customer: 'pelanggan',
  invoice: 'faktur',
  issued: 'tanggal',
  due: 'jatuh tempo',
  total: 'total',
  outstanding: 'sisa',
  days_late: 'hari terlambat',
  number: 'nomor',
  status: 'status',
  id: 'id',
  ref: 'ref',
  reference: 'referensi',
  amount: 'jumlah',
  method: 'cara bayar',
  reason: 'alasan',
  opened: 'dibuka',
  promised: 'janji sampai',
  name: 'nama',
  phone: 'telepon',
  balance: 'saldo',
  overdue: 'terlambat',
  limit: 'batas',
  date: 'tanggal',
  event: 'kegiatan',
  details: 'keterangan',
  description: 'keterangan',
  document: 'dokumen',
  charge: 'tagihan',
  credit: 'bayar/kredit',
  receivable: 'piutang',
  billed: 'ditagih',
  dso_simple: 'DSO sederhana',
  dso_countback: 'DSO countback',
  cei: 'CEI %',
  paid: 'lunas',
  days_to_pay: 'hari sampai bayar',
  on_time: 'tepat waktu %',
  over_90: '>90 %',
  week: 'minggu',
  from: 'dari',
  to: 'sampai',
  expected: 'perkiraan',
  invoices: 'faktur',
  instalments: 'cicilan',
  promises: 'janji bayar',
  score: 'skor',
  level: 'tingkat',
  reasons: 'alasan',
};

const STATUS_LABELS: Record<string, string> = {
  open: 'belum lunas',
  paid: 'lunas',
  void: 'batal',
  written_off: 'dihapusbukukan',
  active: 'aktif',
  on_hold: 'ditahan',
  in_collection: 'dalam penagihan',
  pending: 'menunggu diperiksa',
  verified: 'sudah diperiksa',
  rejected: 'ditolak',
  resolved: 'selesai',
  kept: 'ditepati',
  partly_kept: 'ditepati sebagian',
  broken: 'tidak ditepati',
  cancelled: 'dibatalkan',
};

const METHODS: Record<string, string> = {
  cash: 'tunai',
  bank_transfer: 'transfer bank',
  card: 'kartu',
  ewallet: 'e-wallet',
  qris: 'QRIS',
  other: 'lainnya',
};

const TONES: Record<string, string> = { friendly: 'ramah', firm: 'tegas', final: 'terakhir' };

/** The statuses of an outbox message (issue 13). */
const OUTBOX_STATUS_WORDS: Record<string, string> = {
  queued: 'dalam antrean',
  sending: 'sedang dikirim',
  sent: 'terkirim',
  delivered: 'sampai',
  read: 'dibaca',
  to_tap: 'menunggu diketuk',
  failed: 'gagal',
  cancelled: 'dibatalkan',
};
const PURPOSE_WORDS: Record<string, string> = {
  reminder: 'pengingat',
  receipt: 'tanda terima',
  promise_confirmation: 'konfirmasi janji bayar',
  plan_confirmation: 'konfirmasi rencana cicilan',
  dispute_received: 'sengketa diterima',
  statement: 'laporan tagihan',
  invoice: 'faktur',
};
/** Why the dispatcher did not send a message. */
const OUTBOX_REASON_WORDS: Record<string, string> = {
  paid_since: 'pelanggan sudah membayar (atau mendapat kredit) sejak pesan dibuat',
  promised_since: 'pelanggan sudah berjanji membayar sejak itu',
  planned_since: 'rencana cicilan sudah disepakati sejak itu',
  disputed_since: 'pelanggan mengajukan sengketa faktur sejak itu',
  reported_since: 'pelanggan melaporkan pembayaran sejak itu',
  invoice_closed: 'faktur yang dimaksud sudah tidak terbuka',
  nothing_owed: 'pelanggan sekarang tidak punya utang',
  opted_out: 'pelanggan berhenti berlangganan saluran ini',
  not_a_mobile_number: 'nomor ini bukan nomor ponsel (tidak bisa WhatsApp atau SMS)',
  channel_not_configured: 'saluran ini belum diatur untuk usaha Anda',
  by_owner: 'dibatalkan secara manual',
  superseded: 'pesan sejenis yang lebih baru untuk pelanggan ini menggantikannya',
  quiet_hours: 'jam tenang',
  rate_limit: 'saluran sedang mengirim secepat batasnya',
  timeout: 'penyedia tidak menjawab tepat waktu',
};

/** A channel as people write it. */
const channelWord = (channel: string) =>
  ({ whatsapp: 'WhatsApp', sms: 'SMS', email: 'email', phone: 'telepon', visit: 'kunjungan', other: 'cara lain' })[channel] ??
  channel;

const reachWhy = (reason: ReachReason, channels: readonly string[], phone: string | null) => {
  const list = channels.map(channelWord).join(' atau ');
  switch (reason) {
    case 'no_phone_or_email':
      return 'tidak ada nomor telepon atau email';
    case 'landline_only':
      return `${phone ?? 'nomornya'} adalah telepon rumah/kantor: tidak bisa WhatsApp atau SMS`;
    case 'opted_out':
      return `pelanggan meminta tidak dihubungi lewat ${list}`;
    case 'channel_not_configured':
      return `usaha ini belum mengirim lewat ${list} (atur dengan lunas channel set)`;
    case 'channels_failed':
      return `pengiriman lewat ${channels.map(channelWord).join(' dan ')} gagal`;
    default:
      return `langkah ini hanya dikirim lewat ${list}`;
  }
};

const TODAY_SECTIONS: Record<TodaySection, [string, string]> = {
  toTap: ['Pesan untuk dikirim (ketuk setiap tautan)', 'Tidak ada pesan untuk dikirim'],
  unreachable: ['Pelanggan untuk ditelepon (tidak ada saluran pesan)', 'Tidak ada pelanggan untuk ditelepon'],
  promisesDueToday: ['Janji bayar jatuh tempo hari ini', 'Tidak ada janji bayar hari ini'],
  promisesBroken: ['Janji bayar yang tidak ditepati', 'Tidak ada janji bayar yang tidak ditepati'],
  plansDefaulted: ['Rencana cicilan yang gagal', 'Tidak ada rencana cicilan yang gagal'],
  paymentsToVerify: ['Laporan pembayaran untuk diperiksa', 'Tidak ada laporan pembayaran untuk diperiksa'],
  disputesOpen: ['Sengketa yang masih terbuka', 'Tidak ada sengketa yang terbuka'],
  writeOffSuggestions: ['Saran hapus buku', 'Tidak ada saran hapus buku'],
  failedMessages: ['Pesan yang gagal terkirim', 'Tidak ada pesan yang gagal'],
};

const NOTE_KINDS_ID: Record<string, string> = { call: 'Telepon', visit: 'Kunjungan', note: 'Catatan', reply: 'Balasan' };
const OUTCOMES_ID: Record<string, string> = {
  answered: 'diangkat',
  no_answer: 'tidak diangkat',
  promised: 'berjanji membayar',
  refused: 'menolak',
  wrong_number: 'salah nomor',
  busy: 'sibuk',
  left_message: 'meninggalkan pesan',
  paid: 'sudah membayar',
  opted_out: 'minta tidak dikirimi pesan lagi',
};
const MESSAGE_STATUS_ID: Record<string, string> = {
  queued: 'dalam antrean',
  sending: 'sedang dikirim',
  to_tap: 'menunggu dikirim lewat tautan',
  sent: 'terkirim',
  delivered: 'sampai',
  read: 'dibaca',
  failed: 'gagal',
  cancelled: 'dibatalkan',
};

/** A reminder step by its days from the due date. */
const stepWords = (step: number) =>
  step < 0 ? `${-step} hari sebelum jatuh tempo` : step === 0 ? 'tepat pada hari jatuh tempo' : `${step} hari lewat jatuh tempo`;

const EVENTS: Record<string, string> = {
  reminder: 'pengingat',
  late_fee: 'denda keterlambatan',
  fee_waived: 'denda dibebaskan',
  hold: 'ditahan',
  release: 'dilepas dari penahanan',
  in_collection: 'diserahkan ke penagihan',
  limit_lower: 'batas kredit diturunkan',
  limit_restore: 'batas kredit dipulihkan',
  write_off_suggested: 'disarankan dihapusbukukan',
  plan_agreed: 'rencana cicilan disepakati',
  plan_completed: 'rencana cicilan selesai',
  plan_defaulted: 'rencana cicilan gagal',
  promise_made: 'janji bayar',
  promise_kept: 'janji bayar ditepati',
  promise_partly_kept: 'janji bayar ditepati sebagian',
  promise_broken: 'janji bayar tidak ditepati',
  dispute_opened: 'sengketa dibuka',
  dispute_resolved: 'sengketa selesai',
  dispute_rejected: 'sengketa ditolak',
  payment_reported: 'pembayaran dilaporkan',
  payment_verified: 'pembayaran diperiksa',
  payment_rejected: 'laporan ditolak',
  owner_hold: 'ditahan',
  owner_release: 'dilepas dari penahanan',
  unreachable: 'tidak dapat dikirimi pengingat',
  note: 'catatan',
  message: 'pesan',
};

const STATEMENT_WORDS: Record<StatementWord, string> = {
  invoice: 'Tagihan',
  payment: 'Pembayaran',
  fee: 'Denda keterlambatan',
  fee_waiver: 'Pembebasan denda',
  discount: 'Diskon bayar cepat',
  credit_note: 'Nota kredit',
  write_off: 'Penghapusan piutang',
  credit_applied: 'Saldo kredit dipakai',
  correction: 'Koreksi',
  opening: 'Saldo awal',
  closing: 'Saldo akhir',
};

const STATEMENT_LABELS: Record<StatementLabel, string> = {
  title: 'Laporan Rekening Pelanggan',
  customer: 'Pelanggan',
  date: 'Tanggal',
  description: 'Keterangan',
  document: 'Dokumen',
  charge: 'Tagihan',
  credit: 'Bayar/Kredit',
  balance: 'Saldo',
  open: 'Tagihan yang belum lunas',
  aging: 'Umur piutang',
  how_to_pay: 'Cara membayar',
};

const DOC_LABELS: Record<DocLabel, string> = {
  invoice_title: 'FAKTUR',
  number: 'Nomor',
  issued: 'Tanggal faktur',
  due: 'Jatuh tempo',
  po: 'No. PO',
  status: 'Status',
  bill_to: 'Kepada',
  customer_ref: 'No. pelanggan',
  npwp: 'NPWP',
  phone: 'Telepon',
  email: 'Email',
  line_no: 'No.',
  description: 'Uraian',
  quantity: 'Banyaknya',
  unit_price: 'Harga satuan',
  discount: 'Diskon',
  tax: 'PPN',
  amount: 'Jumlah',
  subtotal: 'Subtotal',
  discounts: 'Diskon',
  total: 'Total',
  fees: 'Denda keterlambatan',
  early_discount: 'Potongan bayar cepat',
  written_off: 'Dihapusbukukan',
  corrections: 'Koreksi',
  paid: 'Sudah dibayar',
  terms: 'Syarat pembayaran',
  how_to_pay: 'Cara pembayaran',
};

/** A figure with its decimal comma (13,6 hari), or a dash when there is none. */
const orDash = (value: number | null, unit = '') => (value === null ? '-' : `${String(value).replace('.', ',')}${unit}`);

export const id: Catalogue = {
  // ---- failures in general
  'validation.fields': (p, f) =>
    Object.entries(p.fields)
      .map(([field, reason]) => `${field}: ${f.text(reason)}`)
      .join('; '),
  'not_found.object': (p) => `tidak ada ${KINDS[p.kind] ?? p.kind} ${p.id} di usaha ini`,
  'not_found.route': (p) => `tidak ada rute ${p.method} ${p.path}`,
  'not_found.no_business_yet': () => 'penyimpanan ini belum berisi usaha: jalankan dulu `lunas init --name NAMA`',
  'not_found.no_membership': () => 'Anda belum menjadi anggota usaha mana pun',
  'idempotency.conflict': (p) => `kunci idempotensi ${p.key} sudah dipakai untuk permintaan lain`,
  'forbidden.role': (p) => `peran ${p.role} tidak boleh melakukan ini (${p.permission})`,
  'forbidden.person_only': () => 'ini harus dilakukan oleh orang yang masuk, bukan dengan token API',
  'forbidden.field': (p) =>
    `peran ${p.role} tidak boleh mengisi ${p.fields.join(', ')} (${p.permission}): silakan minta kepada pemilik`,
  'forbidden.csrf': (p) => `permintaan dengan cookie yang mengubah data memerlukan header ${p.header} dari saat masuk`,
  'auth.bearer_format': () => 'header Authorization harus berbentuk "Bearer TOKEN"',
  'auth.required': () => 'silakan masuk, atau kirim token API sebagai "Authorization: Bearer TOKEN"',
  'auth.wrong_password': () => 'email atau kata sandi salah',
  'auth.account_gone': () => 'akun ini sudah tidak ada',
  'auth.session_unknown': () => 'Anda belum masuk (sesi tidak dikenal atau sudah keluar)',
  'auth.session_expired': () => 'sesi sudah berakhir: silakan masuk lagi',
  'auth.token_unknown': () => 'token API tidak dikenal',
  'auth.token_revoked': () => 'token API ini sudah dicabut',
  'auth.token_expired': (p) => `token API ini sudah kedaluwarsa pada ${p.at}`,
  'http.too_many_attempts': (p) => `terlalu banyak percobaan: coba lagi dalam ${p.seconds} detik`,
  'http.body_too_large': (p) => `isi permintaan melebihi ${p.bytes} byte`,
  'http.content_type': (p) =>
    `isi permintaan harus dikirim dengan Content-Type: ${p.expected.join(' atau ')} (diterima ${p.got || 'tidak ada'})`,
  'http.malformed_json': (p) => `JSON tidak valid: ${p.detail}`,
  'http.unexpected': (p) => `terjadi kesalahan tak terduga; sebutkan id permintaan ${p.requestId}`,
  'http.unknown_query': () => 'parameter query tidak dikenal',
  'service.unavailable': (p) =>
    `basis data sedang tidak dapat dihubungi: mohon coba lagi dalam ${p.seconds} detik (permintaan yang diulang dengan kunci idempotensi yang sama hanya dijalankan sekali)`,
  'http.query_twice': () => 'diberikan dua kali; sebuah parameter hanya boleh muncul sekali',

  // ---- aturan teks (core/text.ts)
  'text.control': (p) => `tidak boleh berisi karakter kendali ${p.codePoint}`,
  'text.direction_control': (p) =>
    `tidak boleh berisi karakter pengatur arah ${p.codePoint} (membuat teks terbaca berbeda dari yang tersimpan)`,
  'text.lone_surrogate': (p) => `harus berupa teks Unicode yang sah (berisi surrogate tunggal ${p.codePoint})`,
  'text.noncharacter': (p) => `tidak boleh berisi nonkarakter ${p.codePoint}`,
  'text.single_line': () => 'harus satu baris (tanpa ganti baris atau tab)',
  'text.no_visible': () =>
    'harus berisi setidaknya satu huruf, angka atau tanda yang terlihat, bukan hanya spasi atau karakter tak terlihat',
  'text.not_utf8': (p) => `bukan UTF-8 yang sah (byte ke-${p.byte})`,
  'text.key_twice': () => 'diberikan dua kali; sebuah kunci hanya boleh muncul sekali dalam satu objek',
  'text.too_deep': (p) => `bersarang lebih dari ${p.max} tingkat`,
  'text.replacement_character': () =>
    'bukan UTF-8 yang sah: berisi U+FFFD, karakter pengganti, di tempat byte yang bukan teks telah hilang',
  'text.annotation': (p) =>
    `tidak boleh berisi karakter anotasi antarbaris ${p.codePoint} (menyembunyikan atau memindahkan teks di sekitarnya)`,

  // ---- field reasons (validation)
  'field.required': () => 'wajib diisi',
  'field.unknown': () => 'kolom tidak dikenal',
  'field.invalid': () => 'tidak valid',
  'field.not_empty': () => 'tidak boleh kosong',
  'field.text': () => 'harus berupa teks',
  'field.number': () => 'harus berupa angka',
  'field.boolean': () => 'harus true atau false',
  'field.list': () => 'harus berupa daftar',
  'field.object': () => 'harus berupa objek',
  'field.whole_number': () => 'harus bilangan bulat',
  'field.min_chars': (p) => `minimal ${p.min} karakter`,
  'field.max_chars': (p) => `maksimal ${p.max} karakter`,
  'field.min_items': (p) => `minimal berisi ${p.min}`,
  'field.max_items': (p) => `maksimal berisi ${p.max}`,
  'field.at_least': (p) => `minimal ${p.min}`,
  'field.at_most': (p) => `maksimal ${p.max}`,
  'field.one_of': (p) => `harus salah satu dari ${p.values.join(', ')}`,
  'field.date': () => 'harus tanggal kalender yang benar, TTTT-BB-HH',
  'field.instant': () => 'harus waktu yang benar',
  'field.email': () => 'harus alamat email',
  'field.currency_code': () => 'harus kode mata uang ISO 4217 yang dikenal',
  'field.positive_amount': () => 'harus jumlah bulat positif dalam satuan terkecil mata uang',
  'field.non_negative_amount': () => 'harus jumlah bulat, tidak negatif, dalam satuan terkecil mata uang',
  'field.amount_or_null': () => 'harus jumlah positif atau null',
  'field.non_negative_amount_or_null': () => 'harus jumlah tidak negatif atau null',
  'field.money_max': (p, f) => `maksimal ${f.money(p.max)}, batas terbesar yang dapat dihitung Lunas dengan tepat`,
  'money.journal_full': (p, f) =>
    `akan membuat total jurnal usaha ini (semua jumlah yang pernah dicatat, dijumlahkan) melewati ${f.money(p.max)}, batas terbesar yang dapat dihitung Lunas dengan tepat`,
  'money.sum_past_bound': (p, f) =>
    `jumlah semuanya lebih dari ${f.money(p.max)}, batas terbesar yang dapat dihitung Lunas dengan tepat`,
  'invoice.line_past_bound': (p, f) =>
    `baris ini berjumlah lebih dari ${f.money(p.max)}, batas terbesar yang dapat dihitung Lunas dengan tepat`,
  'invoice.total_past_bound': (p, f) =>
    `jumlah semua baris lebih dari ${f.money(p.max)}, batas terbesar yang dapat dihitung Lunas dengan tepat`,
  'field.days': () => 'harus jumlah hari yang bulat',
  'field.days_range': (p) => `harus jumlah hari yang bulat dari ${p.min} sampai ${p.max}`,
  'field.days_or_null': () => 'harus jumlah hari yang bulat atau null',
  'field.at_least_days': (p) => `minimal ${p.min} hari`,
  'field.number_range': (p) => `harus bilangan bulat dari ${p.min} sampai ${p.max}`,
  'field.bps_range': (p) => `harus ${p.min} sampai ${p.max} basis poin`,
  'field.bps_range_or_null': (p) => `harus ${p.min} sampai ${p.max} basis poin atau null`,
  'customer.which': (p) => `${p.name}${p.ref ? ` (ref ${p.ref})` : p.phone ? ` (${p.phone})` : ''}`,
  'customer.name_ambiguous': (p, f) =>
    `ada ${p.which.length} pelanggan bernama ${p.name}: sebutkan ref-nya (${p.which.map((which) => f.text(which)).join('; ')})`,
  'field.id_or_ref': () => 'harus menyebut pelanggan: nama, ref, atau id-nya',
  'field.fee_period': () => 'harus nomor periode denda (1, 2, …)',
  'field.positive_quantity': () => 'harus angka positif dengan paling banyak 3 desimal',
  'field.cursor': () => 'harus kursor dari halaman sebelumnya',
  'field.key_length': (p) => `harus 1 sampai ${p.max} karakter`,
  'field.amount_separators': (p) =>
    `${p.text}: tulis ${p.currency === 'IDR' ? 'rupiah' : p.currency} utuh tanpa pemisah: ${p.digits}`,

  // ---- businesses, settings, accounts
  'business.terms_days_once': () => 'berikan termin bawaan sebagai defaultTermsDays atau termsDays, jangan keduanya',
  'business.unknown_currency': (p) => `mata uang ${p.currency} tidak dikenal`,
  'business.unknown_time_zone': (p) => `zona waktu ${p.zone} tidak dikenal`,
  'business.currency_fixed': () => 'tidak dapat diubah setelah ada faktur atau pembayaran yang tercatat',
  'business.npwp': (p) => `${p.text} bukan NPWP (15 atau 16 angka, misalnya 01.234.567.8-901.000)`,
  'business.choose_one': (p) => `penyimpanan ini berisi beberapa usaha; pilih satu dengan --business: ${p.ids.join(', ')}`,
  'business.several_memberships': (p) => `Anda anggota beberapa usaha; sebutkan salah satu: ${p.ids.join(', ')}`,
  'account.business_name_required': () => 'wajib diisi: nama usaha Anda (atau daftar dengan token undangan)',
  'account.email_taken': (p) => `${p.email} sudah punya akun: silakan masuk`,
  'account.invitation_unknown': () => 'undangan tidak ditemukan',
  'account.invitation_used': () => 'undangan ini sudah dipakai',
  'account.invitation_expired': () => 'undangan ini sudah kedaluwarsa: mintalah undangan baru',
  'account.invitation_other': (p) => `undangan ini untuk ${p.email}`,
  'account.tokens_max': (p) => `satu usaha paling banyak memiliki ${p.max} token API`,
  'account.token_expiry_past': (p) => `harus waktu yang akan datang (diterima ${p.at})`,
  'account.already_member': (p) => `${p.email} sudah menjadi anggota usaha ini`,
  'account.already_yours': () => 'Anda sudah menjadi anggota usaha ini',
  'account.last_owner': () => 'usaha memerlukan setidaknya satu pemilik: jadikan orang lain pemilik terlebih dahulu',

  // ---- customers
  'customer.phone': (p) => `${p.text} bukan nomor telepon (nomor Indonesia boleh diawali 0)`,
  'customer.email': (p) => `${p.text} bukan alamat email`,
  'customer.ref_taken': (p) => `pelanggan dengan ref ${p.ref} sudah ada`,
  'customer.tag_empty': () => 'tag tidak boleh kosong',
  'customer.tag_long': (p) => `tag paling panjang ${p.max} karakter`,
  'customer.tag_chars': (p) => `'${p.tag}' bukan tag: hanya huruf, angka, - dan _`,
  'customer.owes_nothing': (p) => `${p.name} tidak memiliki utang`,

  // ---- credit check
  'credit.limit_exceeded': (p, f) => `melebihi batas kredit sebesar ${f.money(p.shortfall)}`,
  'credit.on_hold': (p, f) => `pelanggan ${status(p.status)}${p.reason ? `: ${f.text(p.reason)}` : ''}`,
  'credit.overdue_block': (p) =>
    `tidak ada kredit baru selama ada tagihan terlambat ${p.days} hari (batas usaha ${p.maxDays} hari): tagih dulu, atau pemilik menjual dengan --override-reason`,

  // ---- invoices and corrections
  'invoice.no_lines': () => 'faktur memerlukan setidaknya satu baris',
  'invoice.lines_max': (p) => `paling banyak ${p.max} baris`,
  'invoice.non_negative': () => 'harus bilangan bulat yang tidak negatif',
  'invoice.tax_bps': () => 'harus basis poin bulat dari 0 sampai 10000',
  'invoice.discount_over_gross': () => 'tidak boleh melebihi jumlah × harga satuan',
  'invoice.due_before_issue': (p, f) => `tanggal jatuh tempo ${f.date(p.due)} sebelum tanggal faktur ${f.date(p.issue)}`,
  'invoice.lines_or_amount': () => 'isi lines atau amount (penjualan cepat), salah satu saja',
  'invoice.description_quick_sale': () => 'hanya untuk penjualan cepat (dengan amount)',
  'invoice.total_positive': () => 'total faktur harus positif',
  'invoice.not_open': (p) => `faktur ${p.number} ${status(p.status)}`,
  'invoice.has_payments': (p) => `faktur ${p.number} sudah menerima pembayaran atau kredit; buatlah nota kredit`,
  'invoice.other_customer': (p) => `faktur ${p.number} milik pelanggan lain`,
  'correction.amount_required': () => 'wajib diisi: jumlah yang dikreditkan',
  'correction.over_outstanding': (p, f) =>
    `${f.money(p.amount)} melebihi sisa tagihan ${f.money(p.outstanding)} pada ${p.number}`,
  'correction.write_off_whole': () => 'penghapusan piutang mengambil seluruh sisa tagihan; gunakan nota kredit untuk sebagian',
  'correction.void_no_amount': () => 'pembatalan tidak memakai jumlah',
  'correction.void_pending_report': (p, f) =>
    `${p.number} tidak dapat dibatalkan: pelanggan melaporkan pembayaran ${f.money(p.amount)} pada ${f.date(p.paidOn)} untuk faktur ini (${p.pendingId}); mohon verifikasi atau tolak laporan itu terlebih dahulu`,
  'fee.reversed_reported': (p, f) =>
    `dibayar pada ${f.date(p.date)}${p.reference ? ` (transfer ${p.reference})` : ''}, sebelum denda ini dikenakan`,
  'fee.reversed_paid_before': (p, f) => `dibayar pada ${f.date(p.date)}, sebelum denda ini dikenakan`,
  'payment.before_invoice': (p, f) =>
    `${p.number} diterbitkan pada ${f.date(p.issued)}, setelah tanggal pembayaran ${f.date(p.date)}: pembayaran tidak bisa melunasi faktur yang belum ada (hapus --invoice agar disimpan sebagai saldo kredit, atau periksa tanggalnya)`,
  'fee.memo': (p) => `periode ke-${p.period}`,
  'discount.memo': () => 'dibayar lebih awal',
  'fee.not_charged': (p) => `tidak ada denda keterlambatan pada ${p.number} untuk periode ${p.period}`,
  'fee.already_paid': (p) => `denda pada ${p.number} sudah dibayar; kembalikan uangnya dengan nota kredit`,
  'fee.already_waived': (p) => `denda periode ${p.period} pada ${p.number} sudah dibebaskan`,

  // ---- payments
  'payment.provider_required': (p) => `wajib untuk ewallet: salah satu dari ${p.providers.join(', ')}`,
  'payment.provider_unknown': (p) => `e-wallet ${p.provider} tidak dikenal: salah satu dari ${p.providers.join(', ')}`,
  'payment.provider_not_taken': () => 'hanya pembayaran ewallet yang memakai penyedia',

  // ---- commitments: promises, disputes, reported payments, plans
  'promise.date_past': (p, f) => `${f.date(p.date)} sudah lewat (hari ini ${f.date(p.today)})`,
  'promise.over_balance': (p, f) => `${f.money(p.amount)} melebihi utang ${p.name} sebesar ${f.money(p.balance)}`,
  'dispute.already_open': (p) => `${p.number} sudah dalam sengketa (${p.disputeId})`,
  'dispute.credit_required': () => 'menyelesaikan sengketa memerlukan jumlah yang dikreditkan',
  'dispute.rejected_no_credit': () => 'sengketa yang ditolak tidak mengkreditkan apa pun',
  'record.already_status': (p) => `${p.id} ${status(p.status)}`,
  'plan.shape': () => 'isi jumlah cicilan yang sama besar atau daftar jumlahnya, salah satu saja',
  'plan.not_open_invoice': (p) => `${p.id} bukan faktur terbuka milik ${p.name}`,
  'plan.already_planned': (p) => `${p.number} sudah masuk rencana cicilan ${p.planId}`,
  'plan.disputed': (p) => `${p.number} sedang dalam sengketa; selesaikan sengketanya terlebih dahulu`,
  'plan.nothing_outstanding': () => 'faktur yang disebut tidak memiliki sisa tagihan',
  'plan.first_date_past': (p, f) => `cicilan pertama ${f.date(p.date)} sudah lewat`,
  'plan.count_range': (p) => `harus 1 sampai ${p.max} cicilan`,
  'plan.more_than_units': () => 'jumlah cicilan melebihi jumlah utang',
  'plan.amounts_positive': () => 'setiap cicilan harus berjumlah positif',
  'plan.amounts_sum': (p, f) => `jumlah cicilan ${f.money(p.sum)}, tetapi saldo yang ditanggung ${f.money(p.total)}`,

  // ---- policy
  'policy.no_section': () =>
    'tidak menyebut bagian yang diubah (terms, graceDays, lateFee, earlyDiscount, reminders, escalation, creditEvaluation)',
  'policy.flat_needs_amount': () => 'denda tetap memerlukan jumlah positif',
  'policy.flat_no_rate': () => 'denda tetap memakai jumlah, bukan persentase',
  'policy.rate_needs_bps': () => 'denda persentase memerlukan 1 sampai 10000 basis poin',
  'policy.rate_no_amount': () => 'denda persentase memakai persentase, bukan jumlah',
  'policy.cap_below_fee': () => 'lebih kecil dari satu kali denda: tidak ada denda yang bisa dikenakan',
  'policy.repeats_need_step': () => 'pengulangan memerlukan setidaknya satu langkah',
  'policy.steps_max': (p) => `paling banyak ${p.max} langkah`,
  'policy.steps_order': (p) => `langkah harus berurutan: ${p.offset} tidak datang setelah ${p.previous}`,
  'policy.step_channel': () => 'memerlukan setidaknya satu saluran',
  'policy.step_channel_twice': () => 'menyebut satu saluran dua kali',
  'policy.collection_before_hold': (p) => `tidak boleh lebih awal dari penahanan (${p.days} hari)`,
  'policy.write_off_before_collection': (p) => `tidak boleh lebih awal dari penagihan (${p.days} hari)`,

  // ---- periods, reports, risk, collection
  'period.from_after_to': (p, f) => `${f.date(p.from)} setelah akhir periode ${f.date(p.to)}`,
  'period.from_after_today': (p, f) => `${f.date(p.from)} setelah hari ini (${f.date(p.today)})`,
  'period.to_after_from': () => 'harus setelah from',
  'browse.overdue_false': () => 'gunakan overdue=true, atau saring menurut status',
  'browse.to_before_from': (p, f) => `harus sama dengan atau sesudah from (${f.date(p.from)})`,
  'collection.ahead_max': (p, f) => `uji coba (dry run) paling jauh ${p.days} hari ke depan dari hari ini (${f.date(p.today)})`,
  'entry_date.after_today': (p, f) => `tanggal ${f.date(p.date)} sesudah hari ini ${f.date(p.today)}`,
  'entry_date.before_first_day': (p, f) =>
    `tanggal ${f.date(p.date)} sebelum hari pertama usaha ${f.date(p.firstDay)}; jika tanggalnya memang benar, tegaskan dengan --allow-old-date (API: allowOldDate: true)`,
  'entry_date.too_old': (p, f) =>
    `tanggal ${f.date(p.date)} lebih dari ${p.days} hari sebelum hari ini ${f.date(p.today)}; jika tanggalnya memang benar, tegaskan dengan --allow-old-date (API: allowOldDate: true)`,
  'entry_date.before_issue': (p, f) => `tanggal ${f.date(p.date)} sebelum ${p.number} diterbitkan (${f.date(p.issueDate)})`,
  'lookup.reference_ambiguous': (p) =>
    `referensi ${p.reference} ada pada ${p.more ? `lebih dari ${p.count}` : p.count} pembayaran (${p.ids.join(', ')}); sebutkan id pembayarannya`,
  'pending.ambiguous': (p, f) =>
    `${p.text} cocok dengan ${p.reports.length} laporan pembayaran (${p.reports
      .map((r) => `${f.money(r.amount)} pada ${f.date(r.paidOn)}${r.reference ? `, referensi ${r.reference}` : ''}: ${r.id}`)
      .join('; ')}); sebutkan referensi atau id-nya`,
  'pending.rejected_no_date': () => 'laporan yang ditolak tidak mencatat pembayaran, jadi tidak memakai tanggal',
  'collection.as_of_future': (p, f) =>
    `${f.date(p.asOf)} setelah hari ini (${f.date(p.today)}); hanya uji coba (dry run) yang boleh melihat ke depan`,
  'risk.as_of_required': () => 'wajib diisi: tanggal lampau yang skornya diperiksa',
  'risk.as_of_past': (p, f) => `harus sebelum hari ini (${f.date(p.today)}): kejadian sesudahnya harus sudah diketahui`,
  'export.format': (p) => `harus salah satu dari ${p.formats.join(', ')}`,

  'aging.bounds_format': () => 'harus jumlah hari bulat positif yang dipisah koma, misalnya 30,60,90',
  'aging.bounds_max': (p) => `paling banyak ${p.max} batas`,
  'aging.bounds_ascending': () => 'batas harus naik berurutan',

  // ---- import and files
  'import.too_large': (p) => `berkas berukuran ${p.size}; impor paling besar ${p.max}: pecah menjadi berkas yang lebih kecil`,
  'import.larger_than': (p) => `lebih besar dari ${p.max}`,
  'import.refused': (p, f) => `baris ${p.line}: ${f.text(p.reason)}; tidak ada yang diimpor`,
  'import.rows_invalid': (p) =>
    `${p.invalid} dari ${p.rows} baris tidak valid; tidak ada yang diimpor (perbaiki, atau impor baris yang valid dengan skip-invalid)`,
  'import.fatal': (p, f) => `${p.reason ? f.text(p.reason) : 'berkas tidak dapat dibaca'}; tidak ada yang diimpor`,
  'import.no_rows': () => 'berkas memiliki baris judul tetapi tidak ada baris data; tidak ada yang diimpor',
  'file.cannot_read': (p) => `tidak dapat membaca ${p.file}`,
  'file.cannot_write': (p) => `tidak dapat menulis ${p.file}`,
  'file.not_json': (p) => `${p.file} bukan JSON: ${p.detail}`,
  'file.system_error': (p) => p.detail,

  // ---- texts to customers: reminders
  'reminder.invoice': (p) => p.number,
  'reminder.instalment': (p) => `cicilan ${p.label}`,
  'reminder.fee_rate': (p, f) =>
    `Sesuai kebijakan, keterlambatan dikenai denda ${f.percent(p.rateBps)} ${p.period === 'week' ? 'per minggu' : 'per bulan'}.`,
  'reminder.fee_flat': (p, f) =>
    `Sesuai kebijakan, keterlambatan dikenai denda ${f.money(p.amount)} ${p.period === 'week' ? 'per minggu' : 'per bulan'}.`,
  'payment.account': (p) => `${p.provider} ${p.number}${p.name ? ` a.n. ${p.name}` : ''}`,

  // ---- template pesan (core/templates.ts, keputusan 0019)
  'template.default': (p) => DEFAULT_TEMPLATES.id[p.purpose][p.part],
  'template.variable': (p) => VARIABLE_DESCRIPTIONS.id[p.name],
  'template.when': (p) =>
    p.daysLate > 0 ? `terlambat ${p.daysLate} hari` : p.daysLate === 0 ? 'hari ini' : `${-p.daysLate} hari lagi`,
  'template.unclosed_tag': (p) => `tag yang dibuka dengan {{ di baris ${p.line}, kolom ${p.column} tidak ditutup dengan }}`,
  'template.bad_tag': (p) =>
    `{{${p.tag}}} di baris ${p.line}, kolom ${p.column} bukan variabel maupun blok (tulis {{nama}}, {{#if nama}}, {{else}}, {{/if}}, {{#each nama}}, {{/each}})`,
  'template.too_deep': (p) => `blok di baris ${p.line}, kolom ${p.column} bertingkat lebih dari ${p.max}`,
  'template.unexpected_tag': (p) => `{{${p.tag}}} di baris ${p.line}, kolom ${p.column} tidak menutup blok apa pun`,
  'template.unclosed_block': (p) =>
    `{{#${p.block} ${p.name}}} di baris ${p.line}, kolom ${p.column} tidak pernah ditutup dengan {{/${p.block}}}`,
  'template.unknown_variable': (p) =>
    `variabel {{${p.name}}} di baris ${p.line}, kolom ${p.column} tidak dikenal; pesan ini dapat memakai: ${p.known.join(', ')}`,
  'template.not_text': (p) =>
    `{{${p.name}}} di baris ${p.line}, kolom ${p.column} adalah ${
      p.kind === 'list' ? `daftar: tulis {{#each ${p.name}}}…{{/each}}` : `syarat: tulis {{#if ${p.name}}}…{{/if}}`
    }`,
  'template.not_a_list': (p) => `{{#each ${p.name}}} di baris ${p.line}, kolom ${p.column}: ${p.name} bukan daftar`,
  'template.too_long': (p, f) => `${f.count(p.length)} karakter; paling banyak ${f.count(p.max)}`,
  'template.subject_one_line': () => 'subjek hanya satu baris',
  'template.preview_reason': () => '(alasan yang disampaikan pelanggan)',
  'template.unknown_purpose': (p) => `tidak ada template pesan ${p.purpose}; template yang ada: ${p.purposes.join(', ')}`,

  // ---- CLI
  'demo.receipts_paused': () => 'riwayat demo: tanpa tanda terima ke pelanggan rekaan',
  'demo.receipts_resumed': () => 'demo siap: tanda terima dan konfirmasi aktif',
  'cli.template.row': (p, f) =>
    `${p.purpose.padEnd(22)} ${p.lang}  ${p.isDefault ? 'bawaan' : `milik Anda, diubah ${f.date((p.updatedAt ?? '').slice(0, 10))} oleh ${p.updatedBy}`}`,
  'cli.template.title': (p, f) =>
    `Template ${p.purpose} (${p.lang}): ${p.isDefault ? 'kata-kata bawaan' : `kata-kata Anda sendiri, diubah ${f.date((p.updatedAt ?? '').slice(0, 10))} oleh ${p.updatedBy}`}`,
  'cli.template.subject': (p) => `Subjek: ${p.subject}`,
  'cli.template.variables': () => 'Variabel yang dapat dipakai (tulis {{nama}}; daftar dengan {{#each}}, syarat dengan {{#if}}):',
  'cli.template.variable': (p) => {
    const [list, field] = p.name.split('.');
    return field
      ? `    {{${field}}} (di dalam {{#each ${list}}}): ${p.id} (en: ${p.en})`
      : `  {{${p.name}}}: ${p.id} (en: ${p.en})`;
  },
  'cli.template.preview': (p) => `Pratinjau untuk ${p.name}${p.ref ? ` (${p.ref})` : ''}:`,
  'cli.template.no_preview': () => 'Tidak ada pratinjau: belum ada pelanggan yang berutang.',
  'cli.template.file_or_body': () => 'berikan teksnya dengan --file BERKAS atau --body TEKS (salah satu)',
  'cli.format_csv': () => 'format: harus csv',
  'cli.format_statement': () => 'format: harus json, csv atau pdf',
  'cli.pdf_needs_out': () => 'PDF tidak untuk ditampilkan di terminal: berikan --out BERKAS',
  'cli.pdf_out_required': () => 'wajib untuk pdf di terminal',
  'cli.demo_not_empty': () => 'demo memerlukan penyimpanan baru yang kosong: gunakan direktori --data lain',
  'cli.store_has_business': () => 'penyimpanan ini sudah berisi usaha',
  'cli.seed': () => 'seed: harus bilangan bulat',
  'cli.line_required': () => 'berikan setidaknya satu --line "KETERANGAN|JUMLAH|HARGA_SATUAN"',
  'cli.database_url': () => 'harus URL postgres:// atau postgresql:// (kosongkan untuk penyimpanan SQLite bawaan)',
  'cli.now_instant': (p) => `${p.text} bukan waktu ISO 8601 seperti 2026-11-22T09:00:00Z`,
  'cli.owner_both': () => 'isi LUNAS_OWNER_EMAIL dan LUNAS_OWNER_PASSWORD keduanya, atau jangan keduanya',
  'cli.line_format': (p) => `"${p.text}" harus berbentuk "KETERANGAN|JUMLAH|HARGA_SATUAN" (boleh ditambah "|DISKON|PAJAK_BPS")`,
  'cli.collection_hour': () => 'harus jam bulat dari 0 sampai 23',
  'cli.trust_proxy': (p) => `harus jumlah proxy di depan server, dari 0 (tidak ada) sampai ${p.max}`,
  'cli.error': (p) => `gagal (${p.code}):${p.message === '' ? '' : ` ${p.message}`}`,
  'cli.problem_line': (p) => `  baris ${p.line}: ${p.reason}`,
  'cli.more_invalid_rows': (p) => `  … dan ${p.count} baris tidak valid lainnya`,
  'cli.internal_error': (p) => `kesalahan internal: ${p.message}`,

  // ---- labels: words in cells and in sentences
  'label.column': (p) => COLUMNS[p.name],
  'label.status': (p) => STATUS_LABELS[p.status] ?? p.status,
  'label.method': (p) => METHODS[p.method] ?? p.method,
  'label.bucket': (p) => (p.key === 'current' ? 'belum jatuh tempo' : p.key),
  'label.level': (p) => ({ high: 'tinggi', medium: 'sedang', low: 'rendah' })[p.level] ?? p.level,
  'label.event': (p) => EVENTS[p.kind] ?? p.kind.replace(/_/g, ' '),
  'label.open_commitment': () => 'berjalan',
  'label.total': () => 'TOTAL',
  'statement.kind': (p) => STATEMENT_WORDS[p.kind],
  'statement.label': (p) => STATEMENT_LABELS[p.name],
  'statement.none_open': () => 'Tidak ada tagihan yang belum lunas.',
  'pdf.label': (p) => DOC_LABELS[p.name],
  'pdf.page': (p) => `Halaman ${p.page} dari ${p.pages}`,
  'pdf.po': (p) => `PO: ${p.reference}`,
  'invoice_pdf.tax': (p, f) => (p.rates.length === 1 ? `PPN ${f.percent(p.rates[0] as number)}` : 'PPN'),
  'invoice_pdf.balance': (p, f) => `Sisa tagihan per ${f.date(p.date)}`,
  'invoice_pdf.credit_note': (p, f) => `Nota kredit ${p.number} tanggal ${f.date(p.date)}: ${p.reason}`,
  'invoice_pdf.terms': (p, f) =>
    p.days <= 0
      ? `Pembayaran jatuh tempo saat faktur diterima (${f.date(p.due)}).`
      : `Pembayaran jatuh tempo ${p.days} hari setelah tanggal faktur, yaitu ${f.date(p.due)}.`,
  'invoice_pdf.early_discount': (p, f) =>
    `Bila dilunasi paling lambat ${f.date(p.by)}, faktur ini mendapat potongan bayar cepat ${f.percent(p.rateBps)} (${f.money(p.amount)}), sehingga cukup dibayar ${f.money(p.pay)}.`,
  'invoice_pdf.late_fee': (p, f) =>
    `Bila sampai ${f.date(p.from)} belum dibayar, dikenakan denda keterlambatan ${p.kind === 'flat' ? f.money(p.amount) : `${f.percent(p.rateBps)} dari jumlah yang terlambat`} ` +
    `untuk setiap ${p.period === 'week' ? 'minggu' : 'bulan'} keterlambatan${p.cap === null ? '' : `, paling banyak ${f.money(p.cap)} seluruhnya`}.`,
  'invoice_pdf.quote_number': (p) => `Mohon cantumkan nomor faktur ${p.number} saat membayar.`,
  'invoice_pdf.void': (p, f) =>
    `DIBATALKAN: faktur ini dibatalkan pada ${f.date(p.date)} (${p.reason}). Tidak ada yang perlu dibayar.`,
  'invoice_pdf.void_mark': () => 'DIBATALKAN',
  'invoice_pdf.paid_in_full': () => 'Sudah lunas. Terima kasih.',
  'invoice_pdf.thanks': () => 'Terima kasih atas kepercayaan Anda.',
  'statement.open_item': (p, f) =>
    `${p.number}${p.reference ? ` (PO: ${p.reference})` : ''}  jatuh tempo ${f.date(p.due)}  sisa ${f.money(p.outstanding)}`,
  'statement.period': (p, f) => `Periode: ${f.date(p.from)} – ${f.date(p.to)}`,

  // ---- reasons stored with records
  'stored.as_written': (p) => p.text,
  'hold.overdue_days': (p) => `terlambat ${p.days} hari (kebijakan: ditahan setelah ${p.after} hari)`,
  'hold.overdue_amount': (p, f) => `tunggakan ${f.money(p.amount)} melebihi ${f.money(p.above)}`,
  'hold.collection_after': (p) => `terlambat ${p.days} hari (kebijakan: diserahkan ke penagihan setelah ${p.after} hari)`,
  'hold.since': (p, f) => `sejak ${f.date(p.date)}: ${f.text(p.reason)}`,
  'hold.released': () => 'tidak ada lagi tunggakan yang melewati batas kebijakan',
  'hold.customer_status': (p) => `pelanggan ${status(p.status)}`,
  'hold.overdue_block': (p) => `terlambat ${p.days} hari (lebih dari ${p.maxDays} hari)`,
  'limit.lowered': (p) => `${p.late} kali terlambat membayar dalam ${p.days} hari`,
  'limit.restored': (p) => `${p.count} kali berturut-turut membayar tepat waktu sejak batas kredit diturunkan`,
  // why a provider did not send a message (src/channels)
  'channel.timeout': (p) => `penyedia layanan tidak menjawab dalam ${p.seconds} detik`,
  'channel.aborted': () => 'pengiriman dihentikan sebelum penyedia layanan menjawab',
  'channel.unreachable': (p) => `penyedia layanan tidak dapat dihubungi (${p.detail})`,
  'channel.http_status': (p) => `penyedia layanan menjawab HTTP ${p.status}${p.detail ? `: ${p.detail}` : ''}`,
  'channel.unreadable': (p) => `jawaban penyedia layanan tidak dapat dibaca (HTTP ${p.status})`,
  'channel.rate_limited': (p) => `penyedia layanan meminta pengiriman diperlambat${p.detail ? `: ${p.detail}` : ''}`,
  'channel.refused': (p) => `penyedia layanan menolak pesan ini${p.code ? ` (${p.code})` : ''}: ${p.detail}`,
  'channel.not_mobile': (p) => `${p.recipient} bukan nomor ponsel, jadi tidak dapat menerima WhatsApp`,
  'channel.bad_recipient': (p) => `${p.recipient} bukan tujuan yang sah untuk saluran ini`,
  'channel.config_invalid': (p) => `pengaturan saluran belum lengkap: ${p.fields.join(', ')}`,
  'policy.default_reason': () => 'kebijakan bawaan',
  'policy.settings_changed': () => 'pengaturan usaha diubah',

  // ---- import
  'import.reasons': (p, f) => p.reasons.map((reason) => f.text(reason)).join('; '),
  'import.column': (p, f) => `${p.column}: ${f.text(p.reason)}`,
  'import.empty': () => 'kosong',
  'import.longer_than': (p) => `lebih dari ${p.max} karakter`,
  'import.not_phone': (p) => `'${p.text}' bukan nomor telepon`,
  'import.not_email': (p) => `'${p.text}' bukan alamat email`,
  'import.terms_days': (p) => `'${p.text}' bukan 0 sampai 3650 hari`,
  'import.tags_max': (p) => `paling banyak ${p.max}`,
  'import.negative': (p) => `'${p.text}' negatif: impor mencatat apa yang sudah dijual dan dibayar`,
  'import.not_amount': (p) => `'${p.text}' bukan jumlah dengan pemisah desimal '${p.separator}'`,
  'import.too_many_decimals': (p) =>
    `'${p.text}' memiliki desimal lebih banyak dari yang diizinkan ${p.currency}${
      p.group ? ` (jika '${p.separator}' di sini pemisah ribuan, pemisah desimalnya '${p.group}')` : ''
    }`,
  'import.file_empty': () => 'berkas kosong: perlu baris judul dan setidaknya satu baris data',
  'import.missing_columns': (p) =>
    `kolom ${p.columns.join(', ')} tidak ada.${
      p.single === null ? '' : ` Baris judul hanya berisi satu kolom ('${p.single}'): pisahkan kolom dengan ',' atau ';'.`
    }`,
  'import.column_twice': (p) => `kolom ${p.column} muncul dua kali`,
  'import.field_count': (p) => `berisi ${p.fields} kolom, baris judul berisi ${p.header}`,
  'import.ref_repeated': (p) => `${p.ref} sudah ada di baris ${p.line}`,
  'import.ref_other_name': (p) => `customer_ref ${p.ref} bernama '${p.name}' di baris ${p.line}`,
  'import.number_repeated': (p) => `${p.number} sudah ada di baris ${p.line}`,
  'import.unknown_currency': (p) => `mata uang '${p.currency}' tidak dikenal`,
  'import.other_currency': (p) => `pembukuan memakai ${p.book}, baris ini dalam ${p.currency}`,
  'import.not_date': (p) => `'${p.text}' bukan tanggal dalam format ${p.format} (seperti ${p.example})`,
  'import.future_date': (p, f) => `${f.date(p.date)} masih akan datang (hari ini ${f.date(p.today)})`,
  'import.before_issue': (p, f) => `${f.date(p.date)} sebelum tanggal faktur ${f.date(p.issue)}`,
  'import.not_positive': () => 'harus lebih dari nol',
  'import.paid_without_date': () => 'diisi tanpa paid_date',
  'import.paid_over_amount': () => 'melebihi jumlah faktur (catat kelebihan bayar sebagai pembayaran)',
  'import.not_yes_no': (p) => `'${p.text}' bukan ya atau tidak`,
  'import.no_rows_line': () => 'tidak ada baris data',
  'csv.quote_not_closed': (p) => `kolom bertanda kutip yang dibuka di baris ${p.line} tidak pernah ditutup`,
  'csv.text_after_quote': (p) => `ada teks setelah tanda kutip penutup di kolom ${p.field}`,
  'csv.quote_inside': (p) => `ada tanda kutip di dalam kolom ${p.field} yang tidak dikutip: kutip seluruh kolomnya`,
  'csv.binary': () => 'berkas ini biner, bukan teks CSV (ada byte NUL): simpan dari aplikasi lembar kerja sebagai "CSV UTF-8"',
  'csv.line_not_utf8': () => 'baris ini bukan teks UTF-8: simpan berkas sebagai "CSV UTF-8"',
  'csv.file_not_utf8': () => 'berkas ini bukan teks UTF-8: simpan sebagai "CSV UTF-8"',

  // ---- timeline: each event as a sentence
  'timeline.reminder': (p, f) =>
    `Pengingat ${TONES[p.tone] ?? p.tone} lewat ${channelWord(p.channel)}: ${f.money(p.amount)} untuk ${f.list(p.items.map((item) => f.text(item)))}, ${stepWords(p.step)}`,
  'timeline.unreachable': (p, f) =>
    `Tidak dapat diingatkan tentang ${f.money(p.amount)} untuk ${f.list(p.items.map((item) => f.text(item)))}: ${f.text(p.reason)}; mohon ditelepon`,
  'timeline.note': (p) =>
    `${NOTE_KINDS_ID[p.kind] ?? p.kind}${p.outcome ? ` (${OUTCOMES_ID[p.outcome] ?? p.outcome.replace(/_/g, ' ')})` : ''}: ${p.text}`,
  'timeline.message': (p, f) => {
    const purpose = f.text(p.purpose);
    return `${purpose.charAt(0).toUpperCase()}${purpose.slice(1)} lewat ${channelWord(p.channel)} ke ${p.recipient}: ${MESSAGE_STATUS_ID[p.status] ?? p.status}${p.error ? ` (${f.text(p.error)})` : ''}`;
  },
  'reach.why': (p) => reachWhy(p.reason, p.channels, p.phone),
  'timeline.late_fee': (p, f) => `Denda keterlambatan ${f.money(p.amount)} pada ${p.invoice} (periode ${p.period})`,
  'timeline.fee_waived': (p, f) =>
    `Denda keterlambatan ${f.money(p.amount)} pada ${p.invoice} (periode ${p.period}) dibebaskan${p.reason ? `: ${f.text(p.reason)}` : ''}`,
  'timeline.status': (p, f) =>
    `${{ hold: 'Ditahan', release: 'Dilepas dari penahanan', in_collection: 'Diserahkan ke penagihan' }[p.action]}${
      p.byOwner ? ' oleh pemilik' : ' menurut kebijakan'
    }${p.reason ? `: ${f.text(p.reason)}` : ''}`,
  'timeline.limit': (p, f) =>
    `Batas kredit diubah dari ${p.from === null ? 'tidak ada' : f.money(p.from)} menjadi ${p.to === null ? 'batas bawaan' : f.money(p.to)}${
      p.reason ? `: ${f.text(p.reason)}` : ''
    }`,
  'timeline.write_off_suggested': (p) => `Disarankan menghapusbukukan ${p.invoice} (terlambat ${p.days} hari)`,
  'timeline.plan_agreed': (p, f) =>
    `Rencana cicilan disepakati: ${f.money(p.total)} dalam ${p.count} kali cicilan ${
      { weekly: 'mingguan', fortnightly: 'dua mingguan', monthly: 'bulanan' }[p.frequency] ?? p.frequency
    }${p.first ? `, yang pertama pada ${f.date(p.first)}` : ''}`,
  'timeline.plan_closed': (p, f) =>
    p.outcome === 'completed'
      ? 'Rencana cicilan selesai'
      : `Rencana cicilan gagal${
          p.missedSeq === null || p.shortfall === null
            ? ''
            : `: cicilan ${p.missedSeq} belum dibayar, kurang ${f.money(p.shortfall)}`
        }`,
  'timeline.promise_made': (p, f) =>
    `Berjanji membayar ${f.money(p.amount)} paling lambat ${f.date(p.date)} (${channelWord(p.channel)})${p.note ? `: ${p.note}` : ''}`,
  'timeline.promise_closed': (p, f) =>
    `Janji bayar ${{ kept: 'ditepati', partly_kept: 'ditepati sebagian', broken: 'tidak ditepati' }[p.outcome]}: ${f.money(p.paid)} dari ${f.money(p.amount)} dibayar`,
  'timeline.dispute_opened': (p) => `${p.invoice} disengketakan: ${p.reason}`,
  'timeline.dispute_closed': (p, f) =>
    `Sengketa ${p.invoice} ${p.outcome === 'resolved' ? `diselesaikan dengan kredit ${f.money(p.credit)}` : 'ditolak'}${
      p.note ? `: ${p.note}` : ''
    }`,
  'timeline.payment_reported': (p, f) =>
    `Melaporkan sudah membayar ${f.money(p.amount)} lewat ${METHODS[p.method] ?? p.method} pada ${f.date(p.paidOn)}${
      p.reference ? `, referensi ${p.reference}` : ''
    }; menunggu diperiksa`,
  'timeline.payment_closed': (p, f) =>
    `Pembayaran yang dilaporkan${p.amount === null ? '' : ` sebesar ${f.money(p.amount)}`}${p.reference ? ` (referensi ${p.reference})` : ''} ${
      p.outcome === 'verified' ? 'sudah diperiksa dan dicatat' : 'ditolak'
    }${p.feesReversed > 0 ? `; denda ${f.money(p.feesReversed)} pada ${f.list(p.invoices)} dibatalkan` : ''}${p.note ? `: ${p.note}` : ''}`,
  'timeline.other': (p) => p.kind.replace(/_/g, ' '),

  // ---- CLI: usage errors
  'usage.option_required': (p) => `gagal: opsi ${p.option} wajib diisi`,
  'usage.option_value_missing': (p) => `gagal: opsi ${p.option} memerlukan nilai`,
  'usage.unknown_option': (p) =>
    `gagal: opsi ${p.option} tidak dikenal${p.suggestion ? ` (mungkin maksud Anda ${p.suggestion}?)` : ''}`,
  'usage.unknown_command': (p) =>
    `gagal: perintah ${p.command} tidak dikenal${p.suggestion ? ` (mungkin maksud Anda ${p.suggestion}?)` : ''}; lihat lunas --help`,
  'usage.argument_missing': (p) => `gagal: argumen ${p.argument} wajib diisi`,
  'usage.too_many_arguments': () => 'gagal: argumen terlalu banyak; lihat --help',
  'usage.other': (p) => `gagal: ${p.message}`,

  // ---- CLI: lines for people
  'cli.customer.promise_open': (p, f) =>
    `  janji bayar ${f.money(p.amount)} paling lambat ${f.date(p.date)} (sudah dibayar ${f.money(p.paid)}): tidak ada pengingat sampai saat itu`,
  'cli.customer.dispute_open': (p, f) =>
    `  ${p.invoice} disengketakan sejak ${f.date(p.date)} (${p.reason}): tanpa pengingat atau denda`,
  'cli.customer.report_waiting': (p, f) =>
    `  laporan pembayaran ${f.money(p.amount)}${p.reference ? ` (${p.reference})` : ''} pada ${f.date(p.date)}, menunggu dicek (lunas pending verify)`,
  'cli.business.title': (p) => `${p.name} (${p.id})`,
  'cli.business.settings': (p) =>
    `  bahasa ${p.locale === 'id' ? 'Indonesia' : 'Inggris'}, ${p.currency}, ${p.timezone}\n` +
    `  jangka waktu ${p.termsDays} hari, batas kredit bawaan ${p.creditLimit ?? 'tidak ada'}, ` +
    `kredit baru ditolak ${p.overdueBlockDays === null ? 'tidak pernah karena keterlambatan' : `bila ada yang terlambat lebih dari ${p.overdueBlockDays} hari`}, ` +
    `catatan boleh bertanggal sampai ${p.backdateDaysMax} hari ke belakang`,
  'cli.business.details': (p) =>
    `  di faktur: alamat ${p.address ?? '-'}\n  NPWP ${p.npwp ?? '-'}  telepon ${p.phone ?? '-'}  email ${p.email ?? '-'}`,
  'cli.business.how_to_pay': () => '  Cara pelanggan membayar (ditampilkan di pengingat):',
  'cli.business.no_how_to_pay': () =>
    '  Belum ada petunjuk pembayaran: pengingat tidak menyebutkan cara membayar (lunas business set --payment-instructions FILE)',
  'cli.business_created': (p) => `Usaha ${p.name} (${p.id}) sudah dibuat, ${p.currency}, ${p.timezone}`,
  'cli.customer.title': (p) => `${p.name}${p.ref ? ` (ref ${p.ref})` : ''}`,
  'cli.customer.contact': (p, f) =>
    `  telepon ${p.phone ?? '-'}  email ${p.email ?? '-'}  status ${STATUS_LABELS[p.status] ?? p.status}${p.reason ? ` (${f.text(p.reason)})` : ''}`,
  'cli.customer.figures': (p, f) =>
    `  saldo ${f.money(p.balance)}  terlambat ${f.money(p.overdue)}  saldo kredit ${f.money(p.credit)}`,
  'cli.customer.terms': (p, f) =>
    `  batas kredit ${p.limit === null ? 'tidak ada' : f.money(p.limit)}  tempo ${p.termsDays} hari`,
  'cli.customer.list_summary': (p, f) =>
    `${p.count} pelanggan, utang ${f.money(p.owed)}${p.next ? ` (berikutnya: --after ${p.next})` : ''}`,
  'cli.invoice.title': (p, f) =>
    `${p.number} untuk ${p.customer}: ${f.money(p.total)}, sisa ${f.money(p.outstanding)}, ${STATUS_LABELS[p.status] ?? p.status}`,
  'cli.invoice.dates': (p, f) =>
    `  tanggal ${f.date(p.issued)}, jatuh tempo ${f.date(p.due)}${p.reference ? `, referensi ${p.reference}` : ''}${
      p.override ? `, cek kredit dilewati: ${p.override}` : ''
    }`,
  'cli.invoice.line': (p, f) => `  ${p.description}  ${p.quantity} × ${f.money(p.unitPrice)} = ${f.money(p.amount)}`,
  'cli.invoice.list_summary': (p, f) =>
    `${p.count} faktur, sisa ${f.money(p.outstanding)}${p.next ? ` (berikutnya: --after ${p.next})` : ''}`,
  'cli.payment.title': (p, f) =>
    `Pembayaran ${f.money(p.amount)} dari ${p.customer} lewat ${METHODS[p.method] ?? p.method}${p.provider ? ` (${p.provider})` : ''} pada ${f.date(p.date)}${
      p.reference ? `, referensi ${p.reference}` : p.id ? ` (tanpa referensi; id ${p.id})` : ''
    }`,
  'cli.payment.allocation': (p, f) => `  untuk ${p.invoice}: ${f.money(p.amount)}`,
  'cli.payment.credit_applied': (p, f) => `  saldo kredit untuk ${p.invoice}: ${f.money(p.amount)} pada ${f.date(p.date)}`,
  'cli.payment.unapplied': (p, f) => `  disimpan sebagai saldo kredit pelanggan: ${f.money(p.amount)}`,
  'cli.credit_note': (p, f) =>
    `Nota kredit ${p.number}: ${f.money(p.amount)} pada ${p.invoice}, sisa sekarang ${f.money(p.outstanding)}`,

  'cli.run.day': (p, f) =>
    `${{ recorded: 'Tercatat pada', would: 'Akan dilakukan pada', did: 'Penagihan' }[p.mode]} ${f.date(p.date)}:`,
  'cli.run.reminder': (p, f) =>
    `  pengingat (${TONES[p.tone] ?? p.tone}, ${p.channel}) untuk ${p.customer}: ${f.money(p.amount)} untuk ${f.list(p.items.map((item) => f.text(item)))}, ${stepWords(p.step)}`,
  'cli.run.instalment': (p) => `cicilan ${p.seq}/${p.count} dari rencana cicilan`,
  'cli.run.instalment_unnamed': () => 'cicilan dari rencana cicilan',
  'cli.run.fee': (p, f) =>
    `  denda keterlambatan ${f.money(p.amount)} pada ${p.invoice} (periode ${p.period}, ${f.date(p.date)})`,
  'cli.run.status': (p, f) =>
    `  ${p.customer} ${{ hold: 'ditahan', release: 'dilepas dari penahanan', in_collection: 'diserahkan ke penagihan' }[p.action] ?? p.action}: ${f.text(p.reason)}`,
  'cli.run.limit': (p, f) =>
    `  batas kredit ${p.customer}: ${p.from === null ? 'tidak ada' : f.money(p.from)} -> ${p.to === null ? 'batas bawaan' : f.money(p.to)} (${f.text(p.reason)})`,
  'cli.run.write_off_suggested': (p) => `  sarankan menghapusbukukan ${p.invoice} milik ${p.customer} (terlambat ${p.days} hari)`,
  'cli.run.plan': (p, f) =>
    `  rencana cicilan ${p.customer}: ${{ completed: 'selesai', defaulted: 'gagal' }[p.outcome] ?? p.outcome}${
      p.missedSeq === null || p.shortfall === null
        ? ''
        : ` (cicilan ${p.missedSeq} belum dibayar, kurang ${f.money(p.shortfall)})`
    }`,
  'cli.run.promise': (p, f) =>
    `  janji bayar ${p.customer}: ${{ kept: 'ditepati', partly_kept: 'ditepati sebagian', broken: 'tidak ditepati' }[p.outcome] ?? p.outcome} (${f.money(p.paid)} dari ${f.money(p.amount)})`,
  'cli.run.unreachable_title': () => '  Tidak dapat dikirimi pengingat, mohon ditelepon:',
  'cli.run.unreachable': (p, f) =>
    `    ${p.customer}: ${f.money(p.amount)} untuk ${f.list(p.items.map((item) => f.text(item)))}, ${stepWords(p.step)} (${f.text(p.reason)})`,
  'cli.run.no_contact': () => 'tidak ada nomor telepon atau email',
  'cli.run.channel_missing': (p) =>
    `langkah ini hanya dikirim lewat ${p.channels.join(' atau ')}, dan pelanggan tidak punya ${p.missing === 'email' ? 'email' : 'nomor telepon'}`,
  'cli.run.nothing': () => '  tidak ada',
  'cli.run.nothing_new': () => '  tidak ada yang baru',
  'cli.run.look_back': (p, f) =>
    `${f.date(p.date)} sebelum penagihan terakhir (${f.date(p.latest)}): tidak ada yang dijalankan ulang atau diubah. Yang tercatat pada hari itu:`,
  'cli.run.look_past': (p, f) =>
    `${f.date(p.date)} adalah hari yang sudah lewat dan belum dijalankan: hanya hari ini yang dijalankan sungguhan (\`lunas collect\` menjalankan hari-hari yang terlewat lebih dulu), jadi tidak ada yang ditulis. Yang akan terjadi jika dijalankan sekarang:`,
  'cli.run.dry_run_catch_up': (p) =>
    `Uji coba: tidak ada yang ditulis. ${p.days} hari sebelumnya akan dijalankan lebih dulu, seolah-olah tidak terjadi apa-apa lagi.`,
  'cli.run.caught_up': (p) => `${p.days} hari yang terlewat sudah dijalankan lebih dulu.`,
  'cli.promise.made': (p, f) =>
    `Janji bayar dicatat: ${p.customer} akan membayar ${f.money(p.amount)} paling lambat ${f.date(p.date)}. Pengingat ditunda sampai tanggal itu.`,
  'cli.dispute.opened': (p) =>
    `${p.invoice} milik ${p.customer} disengketakan: ${p.reason}. Tidak ada pengingat atau denda untuk faktur ini sampai sengketanya selesai (lunas dispute resolve ${p.invoice} atau lunas dispute reject ${p.invoice}).`,
  'cli.dispute.closed': (p, f) =>
    p.outcome === 'resolved'
      ? `Sengketa ${p.invoice} diselesaikan dengan nota kredit ${f.money(p.credit)}; penagihan sisanya dilanjutkan.`
      : `Sengketa ${p.invoice} ditolak; penagihan dilanjutkan.`,
  'cli.pending.reported': (p, f) =>
    `Laporan pembayaran dicatat: ${p.customer} menyatakan sudah membayar ${f.money(p.amount)} lewat ${METHODS[p.method] ?? p.method} pada ${f.date(p.paidOn)}${
      p.reference ? `, referensi ${p.reference}` : ''
    }. Tidak ada denda atau pengingat untuk tagihan yang dibayarnya sampai diperiksa: lunas pending verify ${p.handle} (atau reject).`,
  'cli.pending.closed': (p, f) =>
    p.outcome === 'verified'
      ? `Pembayaran ${f.money(p.amount)} dari ${p.customer}${p.reference ? ` (referensi ${p.reference})` : ''} sudah diperiksa dan dicatat pada ${f.date(p.paidOn)}.`
      : `Laporan pembayaran ${f.money(p.amount)} dari ${p.customer}${p.reference ? ` (referensi ${p.reference})` : ''} ditolak; denda dan pengingat berjalan kembali.`,
  'cli.pending.list_summary': (p) => `${p.count} laporan pembayaran`,
  'cli.dispute.list_summary': (p) => `${p.count} sengketa`,
  'cli.promise.list_summary': (p) => `${p.count} janji bayar`,
  'cli.plan.agreed': (p, f) =>
    `Rencana cicilan disepakati dengan ${p.customer}: ${f.money(p.total)} untuk ${f.list(p.invoices)} dalam ${p.count} kali cicilan:`,
  'cli.plan.instalment': (p, f) => `  ${p.seq}/${p.count}  ${f.date(p.date)}  ${f.money(p.amount)}`,
  'cli.fee.waived': (p, f) =>
    `Denda keterlambatan ${f.money(p.amount)} pada ${p.invoice} (periode ${p.period}) dibebaskan; sisa sekarang ${f.money(p.outstanding)}.`,
  'cli.timeline.empty': () => 'belum ada kegiatan penagihan',

  'cli.import.summary': (p) =>
    `${p.imported} dari ${p.rows} baris ${p.kind === 'customers' ? 'pelanggan' : 'faktur'} diimpor${p.file ? ` dari ${p.file}` : ''}: ` +
    `${p.customers} pelanggan, ${p.invoices} faktur, ${p.payments} pembayaran, ${p.disputes} sengketa dibuat.`,
  'cli.import.already_there': (p) => `${p.count} baris sudah ada di pembukuan dan dibiarkan.`,
  'cli.import.skipped': (p) => `${p.count} baris tidak valid dilewati:`,
  'cli.import.more': (p) => `  … dan ${p.count} lainnya`,
  'cli.import.ignored_columns': (p) => `Kolom yang tidak dibaca: ${p.columns.join(', ')}.`,
  'cli.import.phase': (p) => ({ reading: 'membaca', checking: 'memeriksa', writing: 'menulis' })[p.phase],

  'cli.written': (p, f) => `${p.file} sudah ditulis (${f.count(p.bytes)} byte).`,
  'cli.aging.title': (p, f) => `Umur piutang per ${f.date(p.date)} (${p.currency})`,
  'cli.statement.title': (p, f) => `${p.business}: rekening ${p.customer} dari ${f.date(p.from)} sampai ${f.date(p.to)}`,
  'cli.statement.open_item': (p, f) =>
    `  belum lunas: ${p.number} jatuh tempo ${f.date(p.due)} (terlambat ${p.days} hari) ${f.money(p.outstanding)}`,
  'cli.verify.summary': (p) =>
    `${p.ok ? 'COCOK' : 'TIDAK COCOK'}: ${p.entries} entri jurnal, kontrol piutang ${p.receivable} (satuan terkecil)`,
  'cli.verify.problem': (p) => `  ${p.check} ${p.object}: jurnal ${p.expected}, proyeksi ${p.actual}`,
  'cli.demo.skipped': () => 'Demo dilewati: penyimpanan ini sudah berisi usaha.',
  'cli.demo.title': (p, f) => `Usaha demo ${p.name} (${p.id}) dari ${f.date(p.from)} sampai ${f.date(p.to)}:`,
  'cli.demo.summary': (p) =>
    `  ${p.customers} pelanggan, ${p.sales} penjualan kredit (${p.refused} ditolak oleh cek kredit), ${p.payments} pembayaran, ${p.creditNotes} nota kredit, ${p.writeOffs} penghapusan piutang`,

  'cli.kpi.title': (p, f) => `KPI dari ${f.date(p.from)} sampai ${f.date(p.to)} (${p.days} hari, ${p.currency})`,
  'cli.kpi.dso': (p) =>
    `  DSO (sederhana) ${orDash(p.simple, ' hari')}  DSO (countback) ${orDash(p.countback, ' hari')}${
      p.exhausted ? ' (riwayat habis: setidaknya sebesar ini)' : ''
    }  CEI ${orDash(p.cei, '%')}`,
  'cli.kpi.settled': (p) =>
    `  ${p.count} faktur lunas: rata-rata ${orDash(p.daysToPay)} hari sampai dibayar, terlambat ${orDash(p.daysLate)} hari, ${orDash(p.onTime, '%')} tepat waktu; ${orDash(p.over90, '%')} piutang berumur lebih dari 90 hari`,
  'cli.forecast.title': (p, f) => `Perkiraan penerimaan mulai ${f.date(p.date)}, piutang terbuka ${f.money(p.open)}`,
  'cli.forecast.later': (p, f) =>
    `Sesudahnya: ${f.money(p.later)}; berisiko (lebih lambat dari yang pernah dibayar): ${f.money(p.atRisk)}; dalam sengketa: ${f.money(p.disputed)}`,
  'cli.risk.title': (p, f) => `Risiko per ${f.date(p.date)}: ${p.high} tinggi, ${p.medium} sedang, ${p.low} rendah`,
  'cli.risk.warnings_title': (p, f) => `Skor yang naik dari ${f.date(p.since)} sampai ${f.date(p.asOf)}: ${p.count}`,
  'cli.risk.warning': (p) => `  ${p.name}: ${p.previous} -> ${p.score} (${p.level}): ${p.reasons}`,
  'cli.risk.evaluation': (p, f) =>
    `Skor per ${f.date(p.asOf)}, diperiksa terhadap ${f.date(p.asOf)} sampai ${f.date(p.until)}: ${p.customers} pelanggan punya faktur jatuh tempo, ${p.late} membayar terlambat.`,
  'cli.risk.auc': (p) => `  AUC skor risiko:                   ${p.auc ?? '- (perlu pembayar terlambat dan tepat waktu)'}`,
  'cli.risk.baseline_auc': (p) => `  AUC pembanding (porsi terlambat):  ${p.auc ?? '-'}`,

  'cli.serve.listening': (p) => `Lunas melayani di ${p.url} (dokumentasi API: ${p.url}/api/v1/docs)`,
  'cli.serve.owner_created': (p) => `Pemilik pertama ${p.email} sudah dibuat dari LUNAS_OWNER_EMAIL.`,
  'cli.serve.no_account': (p) =>
    'Belum ada akun. Buat pemilik pertama dengan mendaftar:\n' +
    `  curl -X POST ${p.url}/api/v1/auth/signup -H 'Content-Type: application/json' \\\n` +
    `    -d '{"email":"anda@contoh.com","password":"kata sandi yang panjang","name":"Nama Anda","businessName":"Usaha Anda"}'\n` +
    'atau isi LUNAS_OWNER_EMAIL dan LUNAS_OWNER_PASSWORD lalu jalankan lagi.',
  'cli.serve.stopping': (p) => `${p.signal}: menyelesaikan permintaan yang sedang berjalan, lalu berhenti.`,
  'cli.worker.running': (p) =>
    `Lunas worker: penagihan berjalan mulai pukul ${p.hour}.00 waktu setempat, diperiksa setiap ${p.seconds} detik.`,
  'cli.worker.stopping': (p) => `${p.signal}: menyelesaikan putaran yang sedang berjalan, lalu berhenti.`,
  'cli.token.created': (p) => `Token API ${p.id} (${p.name}, ${p.role}): hanya ditampilkan sekali, simpan baik-baik.`,
  // ---- the outbox and the dispatcher (issue 13)
  'invoice_send.void': (p) => `${p.number} sudah dibatalkan: tidak ada yang perlu dikirim`,
  'invoice_send.unreachable': (p) =>
    p.channel
      ? `${p.customer} tidak dapat dihubungi lewat ${channelWord(p.channel)} (tidak ada alamat, menolak dihubungi, atau belum diatur untuk usaha ini)`
      : `${p.customer} tidak dapat dihubungi lewat saluran mana pun yang dipakai usaha ini: mohon ditelepon atau dikunjungi`,
  'cli.invoice_send.queued': (p) =>
    `${p.invoice} untuk ${p.customer} masuk antrean lewat ${channelWord(p.channel)} ke ${p.recipient}${p.pdf ? ', dengan PDF terlampir' : ''} (pesan ${p.id}; lunas send --once mengirimnya sekarang)`,
  'message.already_sent': (p) =>
    `pesan ini sudah dicatat terkirim: periksa obrolannya sebelum mengirim lagi${p.link ? ` (${p.link})` : ''}`,
  'message.wrong_status': (p) =>
    ({
      retry: `hanya pesan yang gagal atau dibatalkan yang dapat dikirim ulang; pesan ini ${OUTBOX_STATUS_WORDS[p.status] ?? p.status}`,
      cancel: `hanya pesan yang belum terkirim yang dapat dibatalkan; pesan ini ${OUTBOX_STATUS_WORDS[p.status] ?? p.status}`,
      open: `hanya pesan yang menunggu diketuk yang dapat dibuka; pesan ini ${OUTBOX_STATUS_WORDS[p.status] ?? p.status}`,
    })[p.action],
  'message.ambiguous_id': (p) => `Ada ${p.count} pesan yang berakhiran ${p.id}: mohon ketik lebih banyak dari id-nya`,
  'outbox.status': (p) => OUTBOX_STATUS_WORDS[p.status] ?? p.status,
  'outbox.purpose': (p) => PURPOSE_WORDS[p.purpose] ?? p.purpose.replace(/_/g, ' '),
  'outbox.channel': (p) => channelWord(p.channel),
  'outbox.column': (p) =>
    ({
      id: 'id',
      customer: 'pelanggan',
      channel: 'saluran',
      to: 'tujuan',
      status: 'status',
      purpose: 'untuk',
      text: 'isi',
      when: 'waktu',
    })[p.name],
  'outbox.reason': (p) =>
    OUTBOX_REASON_WORDS[p.reason] ??
    (p.reason.startsWith('uncertain')
      ? 'pengirim berhenti saat mengirim: mohon pastikan dengan pelanggan sebelum mengirim ulang'
      : p.reason),
  'outbox.when': (p, f) => `${f.date(p.date)} ${p.time.replace(':', '.')}`,
  'outbox.event': (p, f) => {
    const why = p.reason ? `: ${f.text(p.reason)}` : '';
    const until = p.until ? ` sampai ${f.text(p.until)}` : '';
    switch (p.status) {
      case 'sending':
        return `diserahkan ke penyedia${p.attempt && p.attempt > 1 ? ` (percobaan ke-${p.attempt})` : ''}`;
      case 'held':
        return `ditahan${until}${why}`;
      case 'retrying':
        return `akan dicoba lagi${until}${why}`;
      case 'fallback':
        return `akan dikirim lewat ${channelWord(p.channel ?? '')}`;
      case 'queued':
        return p.channel ? `diantrekan setelah ${channelWord(p.channel)} gagal` : 'diantrekan lagi';
      case 'sent':
        return p.opened ? 'terkirim dengan mengetuk tautan' : 'terkirim';
      case 'to_tap':
        return 'menunggu dikirim dengan mengetuk tautan';
      case 'unreachable':
        return 'tidak ada saluran lain: mohon telepon pelanggan';
      default:
        return `${OUTBOX_STATUS_WORDS[p.status] ?? p.status}${why}`;
    }
  },
  'cli.outbox.empty': () => 'Tidak ada pesan.',
  'cli.outbox.more': (p) => `Selanjutnya: tambahkan --after ${p.cursor}`,
  'cli.outbox.heading': (p) =>
    `Pesan ${p.shortId} untuk ${p.customer} lewat ${channelWord(p.channel)} (${p.to}): ${OUTBOX_STATUS_WORDS[p.status] ?? p.status}`,
  'cli.outbox.about': (p, f) =>
    `Untuk: ${PURPOSE_WORDS[p.purpose] ?? p.purpose}${p.invoices.length > 0 ? ` (${f.list([...p.invoices])})` : ''}`,
  'cli.outbox.waits': (p, f) => `Menunggu sampai ${f.text(p.when)}`,
  'cli.outbox.error': (p, f) => `Alasan: ${f.text(p.reason)}`,
  'cli.outbox.link': (p) => `Tautan untuk diketuk: ${p.link}`,
  'cli.outbox.subject': (p) => `Subjek: ${p.subject}`,
  'cli.outbox.text_title': () => 'Isi pesan:',
  'cli.outbox.history_title': () => 'Riwayat:',
  'cli.outbox.history_line': (p, f) => `  ${f.text(p.when)}  ${f.text(p.event)} (${p.actor})`,
  'cli.outbox.retried': (p) => `Pesan ${p.shortId} diantrekan lagi.`,
  'cli.outbox.cancelled': (p) => `Pesan ${p.shortId} dibatalkan.`,
  'cli.outbox.opened': (p) => `Pesan ${p.shortId} dicatat terkirim. Buka: ${p.link}`,
  'cli.send.counts': (p) =>
    `Terkirim ${p.sent}, menunggu diketuk ${p.toTap}, dicoba lagi ${p.retried}, gagal ${p.failed}, dibatalkan ${p.cancelled}` +
    (p.held > 0 ? `, ditahan ${p.held} (jam tenang atau batas kecepatan)` : '') +
    (p.uncertain > 0 ? `, ${p.uncertain} perlu diperiksa (pengirim berhenti saat mengirim)` : '') +
    '.',
  'cli.worker.dispatching': (p) => `Mengirim pesan yang sudah waktunya setiap ${p.seconds} detik.`,
  'channel.provider_needed': (p) => `mohon sebutkan penyedia untuk ${channelWord(p.channel)} (--provider)`,
  'channel.provider_wrong': (p) => `${p.provider} tidak mengirim lewat ${channelWord(p.channel)}`,
  'customer.opt_both': (p) =>
    `berhenti dan kembali berlangganan ${p.channels.map(channelWord).join(', ')} sekaligus: mohon pilih salah satu`,
  'customer.phone_problem': (p) =>
    `${p.text} bukan nomor telepon: ${
      { too_short: 'terlalu pendek', too_long: 'terlalu panjang', not_a_number: 'bukan angka', invalid: 'nomor tidak dikenal' }[
        p.problem
      ]
    } (nomor Indonesia boleh diawali 0)`,
  'webhook.refused': () => 'webhook ditolak',
  'cli.channel.line': (p) =>
    `${channelWord(p.channel)}: ${p.provider}${p.isDefault ? ' (tautan klik-untuk-chat, tanpa akun)' : ''}, ${p.enabled ? 'aktif' : 'nonaktif'}${
      p.rate === null ? '' : `, paling banyak ${p.rate} per menit`
    }${p.config ? `\n  ${p.config}` : ''}`,
  'cli.channel.removed': (p) => `Pengaturan ${channelWord(p.channel)} sudah dihapus.`,
  'cli.channel.bad_pair': (p) => `--set ${p.text}: mohon tulis kunci=nilai`,
  'cli.channel.bad_file': (p) => `${p.file} tidak dapat dibaca sebagai objek JSON`,
  'cli.customer.channels': (p) =>
    `  Urutan saluran: ${p.preferred ? `${channelWord(p.preferred)} dulu, lalu ` : ''}${p.order
      .filter((channel) => channel !== p.preferred)
      .map(channelWord)
      .join(', ')}${
      p.optedOut.length > 0 ? `; tidak mau dihubungi lewat ${p.optedOut.map(channelWord).join(', ')}` : ''
    }; bahasa ${p.locale === 'id' ? 'Indonesia' : 'Inggris'}`,
  'cli.customer.reachable': (p) => `  Dihubungi lewat ${p.channels.map(channelWord).join(', lalu ')}`,
  'cli.customer.unreachable': (p, f) =>
    `  Tidak dapat dikirimi pesan apa pun: ${f.text(p.reason)}. Mohon ditelepon atau dikunjungi.`,
  'cli.customer.landline': (p) => `  ${p.phone} adalah telepon rumah/kantor: hanya untuk menelepon, tidak bisa WhatsApp atau SMS`,
  'cli.note.added': (p, f) => `${NOTE_KINDS_ID[p.kind] ?? p.kind} untuk ${p.customer} pada ${f.date(p.date)} sudah dicatat.`,
  'cli.note.empty': () => 'Belum ada catatan.',
  'cli.today.title': (p, f) => `${p.business}: hari ini, ${f.date(p.date)}`,
  'cli.today.section': (p) => `${TODAY_SECTIONS[p.section][0]} (${p.count})`,
  'cli.today.none': (p) => `${TODAY_SECTIONS[p.section][1]}.`,
  'cli.today.to_tap': (p, f) =>
    `  [${p.id}] ${f.text(p.purpose)} untuk ${p.customer}, ${f.money(p.amount)}, dibuat ${f.date(p.written)}:\n    ${p.link}\n    (setelah terkirim: lunas outbox open ${p.id})`,
  'cli.today.unreachable': (p, f) =>
    `  ${p.customer}${p.phone ? `, ${p.phone}` : ''}, utang ${f.money(p.balance)} (${f.text(p.reason)})`,
  'cli.today.promise_due': (p, f) =>
    `  ${p.customer} berjanji membayar ${f.money(p.amount)} hari ini${p.paid > 0 ? ` (sudah dibayar ${f.money(p.paid)})` : ''}`,
  'cli.today.promise_broken': (p, f) =>
    `  ${p.customer} berjanji membayar ${f.money(p.amount)} paling lambat ${f.date(p.date)}, baru dibayar ${f.money(p.paid)}`,
  'cli.today.plan_defaulted': (p, f) =>
    `  ${p.customer}: rencana cicilan ${f.money(p.total)} gagal${p.date ? ` pada ${f.date(p.date)}` : ''}`,
  'cli.today.payment_to_verify': (p, f) =>
    `  ${p.customer} melaporkan sudah membayar ${f.money(p.amount)} pada ${f.date(p.date)}${p.reference ? `, referensi ${p.reference}` : ''}${
      p.invoice ? ` untuk ${p.invoice}` : ''
    }`,
  'cli.today.dispute': (p, f) => `  ${p.invoice} milik ${p.customer} sejak ${f.date(p.date)}: ${p.reason}`,
  'cli.today.write_off': (p, f) => `  ${p.invoice} milik ${p.customer}: ${f.money(p.amount)}, terlambat ${p.days} hari`,
  'cli.today.failed': (p, f) =>
    `  ${p.customer} lewat ${channelWord(p.channel)} ke ${p.recipient}${p.error ? `: ${f.text(p.error)}` : ''}`,
};
