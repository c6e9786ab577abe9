import type { ServiceContentInput } from './catalog.contracts.ts';

/**
 * A birth-certificate service (akta kelahiran) as a Dinas Kependudukan dan Pencatatan Sipil
 * publishes it: the demo's service, and a starting point an admin can import and adapt.
 */
export function aktaKelahiranService(): ServiceContentInput {
  return {
    name: 'Penerbitan Akta Kelahiran',
    nameEn: 'Birth certificate',
    summary:
      'Pencatatan kelahiran dan penerbitan kutipan akta kelahiran bagi bayi yang lahir di wilayah ini.',
    lifeEvents: ['kelahiran'],
    costRupiah: 0,
    standard: {
      persyaratan: {
        id: 'Surat keterangan kelahiran dari rumah sakit/bidan; Kartu Keluarga orang tua; KTP-el orang tua.',
        en: 'Birth letter from the hospital or midwife; parents’ family card; parents’ ID cards.',
      },
      prosedur: {
        id: 'Pemohon mengisi formulir dan mengunggah dokumen; petugas memverifikasi; kepala dinas menyetujui dan akta terbit secara elektronik.',
        en: 'Apply online with the documents; an officer verifies; the head of the office approves and the certificate is issued electronically.',
      },
      jangkaWaktu: {
        id: '5 hari kerja sejak permohonan lengkap.',
        en: '5 working days from a complete application.',
      },
      biaya: { id: 'Tidak dipungut biaya (gratis).', en: 'Free of charge.' },
      produk: {
        id: 'Kutipan akta kelahiran elektronik bertanda tangan elektronik.',
        en: 'Electronically signed birth certificate.',
      },
      pengaduan: {
        id: 'Pengaduan melalui SP4N-LAPOR! di Terpadu atau loket pengaduan Dispendukcapil.',
        en: 'Complaints through SP4N-LAPOR! on Terpadu or at the office’s complaint desk.',
      },
      dasarHukum: { id: 'UU No. 24 Tahun 2013; Perpres No. 96 Tahun 2018; Permendagri No. 108 Tahun 2019.' },
    },
    form: {
      schema: {
        type: 'object',
        properties: {
          namaPelapor: { type: 'string', minLength: 2, maxLength: 120 },
          nikPelapor: { type: 'string', pattern: '^[0-9]{16}$' },
          namaAnak: { type: 'string', minLength: 2, maxLength: 120 },
          tanggalLahirAnak: { type: 'string', format: 'date' },
          tempatLahirAnak: { type: 'string', minLength: 2, maxLength: 120 },
          jenisKelaminAnak: { type: 'string', enum: ['L', 'P'] },
          namaIbu: { type: 'string', minLength: 2, maxLength: 120 },
        },
        required: [
          'namaPelapor',
          'nikPelapor',
          'namaAnak',
          'tanggalLahirAnak',
          'tempatLahirAnak',
          'jenisKelaminAnak',
          'namaIbu',
        ],
      },
      ui: {
        order: [
          'namaPelapor',
          'nikPelapor',
          'namaAnak',
          'tanggalLahirAnak',
          'tempatLahirAnak',
          'jenisKelaminAnak',
          'namaIbu',
        ],
        fields: {
          namaPelapor: { label: { id: 'Nama pelapor', en: 'Applicant’s name' }, prefill: 'name' },
          nikPelapor: { label: { id: 'NIK pelapor', en: 'Applicant’s NIK' }, prefill: 'nik' },
          namaAnak: {
            label: { id: 'Nama anak', en: 'Child’s name' },
            help: { id: 'Sesuai yang akan tercantum di akta.', en: 'As it will appear on the certificate.' },
          },
          tanggalLahirAnak: {
            label: { id: 'Tanggal lahir anak', en: 'Child’s date of birth' },
            widget: 'date',
          },
          tempatLahirAnak: { label: { id: 'Tempat lahir anak', en: 'Child’s place of birth' } },
          jenisKelaminAnak: {
            label: { id: 'Jenis kelamin anak (L/P)', en: 'Child’s sex (L/P)' },
            widget: 'select',
          },
          namaIbu: { label: { id: 'Nama ibu', en: 'Mother’s name' } },
        },
      },
    },
    documents: [
      {
        key: 'surat-kelahiran',
        label: { id: 'Surat keterangan kelahiran', en: 'Birth letter' },
        help: {
          id: 'Foto atau PDF dari rumah sakit/bidan.',
          en: 'Photo or PDF from the hospital or midwife.',
        },
        isRequired: true,
      },
    ],
    workflow: {
      initial: 'verifikasi',
      totalWorkingDays: 5,
      states: [
        { key: 'verifikasi', label: { id: 'Verifikasi berkas', en: 'Document check' }, workingDays: 3 },
        { key: 'persetujuan', label: { id: 'Persetujuan kepala dinas', en: 'Approval' }, workingDays: 2 },
      ],
      actions: [
        {
          key: 'teruskan',
          label: { id: 'Berkas lengkap, teruskan', en: 'Complete: forward' },
          from: 'verifikasi',
          kind: 'lanjut',
          to: 'persetujuan',
          role: 'penghubung',
        },
        {
          key: 'kembalikan',
          label: { id: 'Kembalikan untuk diperbaiki', en: 'Send back for correction' },
          from: 'verifikasi',
          kind: 'kembalikan',
          role: 'penghubung',
        },
        {
          key: 'setujui',
          label: { id: 'Setujui dan terbitkan akta', en: 'Approve and issue' },
          from: 'persetujuan',
          kind: 'terbitkan',
          role: 'admin-instansi',
        },
        {
          key: 'kembalikan',
          label: { id: 'Kembalikan untuk diperbaiki', en: 'Send back for correction' },
          from: 'persetujuan',
          kind: 'kembalikan',
          role: 'admin-instansi',
        },
        {
          key: 'tolak',
          label: { id: 'Tolak', en: 'Refuse' },
          from: 'persetujuan',
          kind: 'tolak',
          role: 'admin-instansi',
        },
      ],
    },
    template: {
      title: { id: 'Kutipan Akta Kelahiran', en: 'Birth Certificate' },
      fields: ['namaAnak', 'jenisKelaminAnak', 'tempatLahirAnak', 'tanggalLahirAnak', 'namaIbu'],
      holderField: 'namaAnak',
      footer: { id: 'Dokumen elektronik ini sah tanpa tanda tangan basah.' },
    },
  };
}
