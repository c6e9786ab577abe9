import type { ServiceContentInput } from './catalog.contracts.ts';
import { starterWorkflow } from './catalog-starter.contracts.ts';

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
    workflow: starterWorkflow({
      approvalLabel: { id: 'Persetujuan kepala dinas', en: 'Approval' },
      issueLabel: { id: 'Setujui dan terbitkan akta', en: 'Approve and issue' },
    }),
    template: {
      title: { id: 'Kutipan Akta Kelahiran', en: 'Birth Certificate' },
      fields: ['namaAnak', 'jenisKelaminAnak', 'tempatLahirAnak', 'tanggalLahirAnak', 'namaIbu'],
      holderField: 'namaAnak',
      footer: { id: 'Dokumen elektronik ini sah tanpa tanda tangan basah.' },
    },
  };
}

/** The fields a birth's services share, as the birth certificate asks them (asked once in a bundle). */
function birthForm(extra: {
  order: string[];
  properties: Record<string, unknown>;
  fields: Record<string, unknown>;
}) {
  const base = aktaKelahiranService().form;
  const schema = base.schema as { properties: Record<string, unknown>; required: string[] };
  return {
    schema: {
      type: 'object',
      properties: { ...schema.properties, ...extra.properties },
      required: [...schema.required, ...extra.order],
    },
    ui: {
      order: [...base.ui.order, ...extra.order],
      fields: { ...base.ui.fields, ...extra.fields } as ServiceContentInput['form']['ui']['fields'],
    },
  };
}

const BIRTH_STANDARD_COMMON = {
  biaya: { id: 'Tidak dipungut biaya (gratis).', en: 'Free of charge.' },
  pengaduan: {
    id: 'Pengaduan melalui SP4N-LAPOR! di Terpadu atau loket pengaduan instansi.',
    en: 'Complaints through SP4N-LAPOR! on Terpadu or at the agency’s complaint desk.',
  },
};

/**
 * The family-card update after a birth (Dispendukcapil): with the birth certificate and the
 * newborn's health insurance, the demo's "kelahiran" life-event bundle.
 */
export function kartuKeluargaKelahiranService(): ServiceContentInput {
  return {
    name: 'Pembaruan Kartu Keluarga karena Kelahiran',
    nameEn: 'Family card update after a birth',
    summary: 'Penambahan anggota keluarga yang baru lahir ke Kartu Keluarga dan penerbitan KK baru.',
    lifeEvents: ['kelahiran'],
    costRupiah: 0,
    standard: {
      ...BIRTH_STANDARD_COMMON,
      persyaratan: {
        id: 'Kartu Keluarga lama; surat keterangan kelahiran.',
        en: 'The current family card; the birth letter.',
      },
      prosedur: {
        id: 'Pemohon mengisi formulir dan mengunggah KK lama; petugas memverifikasi; KK baru terbit elektronik.',
        en: 'Apply online with the current family card; an officer verifies; the new card is issued electronically.',
      },
      jangkaWaktu: {
        id: '5 hari kerja sejak permohonan lengkap.',
        en: '5 working days from a complete application.',
      },
      produk: { id: 'Kartu Keluarga elektronik yang diperbarui.', en: 'The updated electronic family card.' },
    },
    form: birthForm({
      order: ['nomorKk'],
      properties: { nomorKk: { type: 'string', pattern: '^[0-9]{16}$' } },
      fields: {
        nomorKk: {
          label: { id: 'Nomor Kartu Keluarga', en: 'Family card number' },
          help: { id: '16 angka, tertera di bagian atas KK.', en: '16 digits, at the top of the card.' },
        },
      },
    }),
    documents: [
      {
        key: 'kartu-keluarga',
        label: { id: 'Kartu Keluarga lama', en: 'Current family card' },
        help: { id: 'Foto atau PDF.', en: 'Photo or PDF.' },
        isRequired: true,
      },
    ],
    workflow: starterWorkflow({ issueLabel: { id: 'Setujui dan terbitkan KK', en: 'Approve and issue' } }),
    template: {
      title: { id: 'Kartu Keluarga (pembaruan)', en: 'Family card (updated)' },
      fields: ['nomorKk', 'namaAnak', 'tanggalLahirAnak', 'namaIbu'],
      holderField: 'namaPelapor',
    },
  };
}

/** Enrolment of a newborn in the national health insurance (JKN), at the regency's health office. */
export function jknBayiService(): ServiceContentInput {
  return {
    name: 'Pendaftaran Bayi Baru Lahir sebagai Peserta JKN',
    nameEn: 'Health-insurance (JKN) enrolment of a newborn',
    summary: 'Pendaftaran bayi baru lahir sebagai peserta Jaminan Kesehatan Nasional (PBI daerah).',
    lifeEvents: ['kelahiran'],
    costRupiah: 0,
    standard: {
      ...BIRTH_STANDARD_COMMON,
      persyaratan: {
        id: 'Data bayi dan orang tua; nomor Kartu Keluarga.',
        en: 'The baby’s and parents’ details; family card number.',
      },
      prosedur: {
        id: 'Pemohon mengisi formulir; petugas dinas kesehatan memverifikasi; kepesertaan didaftarkan.',
        en: 'Apply online; the health office verifies; the enrolment is registered.',
      },
      jangkaWaktu: { id: '5 hari kerja.', en: '5 working days.' },
      produk: { id: 'Surat keterangan kepesertaan JKN.', en: 'JKN membership letter.' },
    },
    form: birthForm({
      order: ['nomorKk', 'fasilitasKesehatan'],
      properties: {
        nomorKk: { type: 'string', pattern: '^[0-9]{16}$' },
        fasilitasKesehatan: { type: 'string', minLength: 2, maxLength: 120 },
      },
      fields: {
        nomorKk: { label: { id: 'Nomor Kartu Keluarga', en: 'Family card number' } },
        fasilitasKesehatan: {
          label: { id: 'Puskesmas/klinik pilihan', en: 'Chosen health centre' },
          help: { id: 'Fasilitas kesehatan tingkat pertama.', en: 'Primary care facility.' },
        },
      },
    }),
    documents: [],
    workflow: starterWorkflow({ issueLabel: { id: 'Setujui dan daftarkan', en: 'Approve and enrol' } }),
    template: {
      title: { id: 'Surat Keterangan Kepesertaan JKN', en: 'JKN membership letter' },
      fields: ['namaAnak', 'tanggalLahirAnak', 'fasilitasKesehatan'],
      holderField: 'namaAnak',
    },
  };
}
