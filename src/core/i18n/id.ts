/**
 * The Bahasa Indonesia table: the same keys and parameters as the English one (the type
 * checks it), in the polite, plain Indonesian a shop owner and their customers use.
 */
import type { Catalogue } from './en.js';

const KINDS: Record<string, string> = {
  business: 'usaha',
  customer: 'pelanggan',
  invoice: 'faktur',
  payment: 'pembayaran',
  dispute: 'sengketa',
  'pending payment': 'laporan pembayaran',
  member: 'anggota',
  'API token': 'token API',
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
  'forbidden.csrf': (p) => `permintaan dengan cookie yang mengubah data memerlukan header ${p.header} dari saat masuk`,
  'auth.bearer_format': () => 'header Authorization harus berbentuk "Bearer TOKEN"',
  'auth.required': () => 'silakan masuk, atau kirim token API sebagai "Authorization: Bearer TOKEN"',
  'auth.wrong_password': () => 'email atau kata sandi salah',
  'auth.account_gone': () => 'akun ini sudah tidak ada',
  'auth.session_unknown': () => 'Anda belum masuk (sesi tidak dikenal atau sudah keluar)',
  'auth.session_expired': () => 'sesi sudah berakhir: silakan masuk lagi',
  'auth.token_unknown': () => 'token API tidak dikenal',
  'auth.token_revoked': () => 'token API ini sudah dicabut',
  'http.too_many_attempts': (p) => `terlalu banyak percobaan: coba lagi dalam ${p.seconds} detik`,
  'http.body_too_large': (p) => `isi permintaan melebihi ${p.bytes} byte`,
  'http.content_type': (p) =>
    `isi permintaan harus dikirim dengan Content-Type: ${p.expected.join(' atau ')} (diterima ${p.got || 'tidak ada'})`,
  'http.malformed_json': (p) => `JSON tidak valid: ${p.detail}`,
  'http.unexpected': (p) => `terjadi kesalahan tak terduga; sebutkan id permintaan ${p.requestId}`,
  'http.unknown_query': () => 'parameter query tidak dikenal',

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
  'field.days': () => 'harus jumlah hari yang bulat',
  'field.days_range': (p) => `harus jumlah hari yang bulat dari ${p.min} sampai ${p.max}`,
  'field.days_or_null': () => 'harus jumlah hari yang bulat atau null',
  'field.at_least_days': (p) => `minimal ${p.min} hari`,
  'field.number_range': (p) => `harus bilangan bulat dari ${p.min} sampai ${p.max}`,
  'field.bps_range': (p) => `harus ${p.min} sampai ${p.max} basis poin`,
  'field.bps_range_or_null': (p) => `harus ${p.min} sampai ${p.max} basis poin atau null`,
  'field.id_or_ref': () => 'harus menyebut id atau ref pelanggan',
  'field.fee_period': () => 'harus nomor periode denda (1, 2, …)',
  'field.positive_quantity': () => 'harus angka positif dengan paling banyak 3 desimal',
  'field.cursor': () => 'harus kursor dari halaman sebelumnya',
  'field.key_length': (p) => `harus 1 sampai ${p.max} karakter`,
  'field.amount_separators': (p) =>
    `${p.text}: tulis ${p.currency === 'IDR' ? 'rupiah' : p.currency} utuh tanpa pemisah: ${p.digits}`,

  // ---- businesses, settings, accounts
  'business.unknown_currency': (p) => `mata uang ${p.currency} tidak dikenal`,
  'business.unknown_time_zone': (p) => `zona waktu ${p.zone} tidak dikenal`,
  'business.currency_fixed': () => 'tidak dapat diubah setelah ada faktur atau pembayaran yang tercatat',
  'business.choose_one': (p) => `penyimpanan ini berisi beberapa usaha; pilih satu dengan --business: ${p.ids.join(', ')}`,
  'business.several_memberships': (p) => `Anda anggota beberapa usaha; sebutkan salah satu: ${p.ids.join(', ')}`,
  'account.business_name_required': () => 'wajib diisi: nama usaha Anda (atau daftar dengan token undangan)',
  'account.email_taken': (p) => `${p.email} sudah punya akun: silakan masuk`,
  'account.invitation_unknown': () => 'undangan tidak ditemukan',
  'account.invitation_used': () => 'undangan ini sudah dipakai',
  'account.invitation_expired': () => 'undangan ini sudah kedaluwarsa: mintalah undangan baru',
  'account.invitation_other': (p) => `undangan ini untuk ${p.email}`,
  'account.tokens_max': (p) => `satu usaha paling banyak memiliki ${p.max} token API`,
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
  'credit.on_hold': (p) => `pelanggan ${status(p.status)}${p.reason ? `: ${p.reason}` : ''}`,
  'credit.overdue_block': (p) => `pelanggan sedang ditahan: terlambat ${p.days} hari (lebih dari ${p.maxDays})`,

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
  'import.refused': (p) => `baris ${p.line}: ${p.reason}; tidak ada yang diimpor`,
  'import.rows_invalid': (p) =>
    `${p.invalid} dari ${p.rows} baris tidak valid; tidak ada yang diimpor (perbaiki, atau impor baris yang valid dengan skip-invalid)`,
  'import.fatal': (p) => `${p.reason ?? 'berkas tidak dapat dibaca'}; tidak ada yang diimpor`,
  'import.no_rows': () => 'berkas memiliki baris judul tetapi tidak ada baris data; tidak ada yang diimpor',
  'file.cannot_read': (p) => `tidak dapat membaca ${p.file}`,
  'file.cannot_write': (p) => `tidak dapat menulis ${p.file}`,
  'file.not_json': (p) => `${p.file} bukan JSON: ${p.detail}`,
  'file.system_error': (p) => p.detail,

  // ---- texts to customers: reminders
  'reminder.opening_friendly': (p) => `Halo ${p.name}, ini pengingat ramah dari ${p.business}.`,
  'reminder.opening_firm': (p) =>
    `Halo ${p.name}, kami dari ${p.business} ingin mengingatkan tagihan yang sudah lewat jatuh tempo.`,
  'reminder.opening_final': (p) =>
    `Halo ${p.name}, ini pemberitahuan terakhir dari ${p.business} tentang tagihan yang belum dibayar.`,
  'reminder.invoice': (p) => p.number,
  'reminder.instalment': (p) => `cicilan ${p.label}`,
  'reminder.line': (p, f) => `- ${f.text(p.item)}: ${f.money(p.amount)} (jatuh tempo ${f.date(p.due)})`,
  'reminder.total': (p, f) => `Total: ${f.money(p.amount)}`,
  'reminder.how_to_pay': () => 'Cara bayar:',
  'reminder.fee_rate': (p, f) =>
    `Sesuai kebijakan, keterlambatan dikenai denda ${f.percent(p.rateBps)} ${p.period === 'week' ? 'per minggu' : 'per bulan'}.`,
  'reminder.fee_flat': (p, f) =>
    `Sesuai kebijakan, keterlambatan dikenai denda ${f.money(p.amount)} ${p.period === 'week' ? 'per minggu' : 'per bulan'}.`,
  'reminder.if_paid': () => 'Jika sudah membayar, abaikan pesan ini atau balas dengan bukti transfer.',
  'reminder.thanks': () => 'Terima kasih.',
  'payment.account': (p) => `${p.provider} ${p.number}${p.name ? ` a.n. ${p.name}` : ''}`,

  // ---- CLI
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
  'cli.error': (p) => `gagal (${p.code}):${p.message === '' ? '' : ` ${p.message}`}`,
  'cli.problem_line': (p) => `  baris ${p.line}: ${p.reason}`,
  'cli.more_invalid_rows': (p) => `  … dan ${p.count} baris tidak valid lainnya`,
  'cli.internal_error': (p) => `kesalahan internal: ${p.message}`,
};
