"""Kota Lubuklinggau: regions (DOMAIN.md), agencies and demo accounts.

Kelurahan codes follow the Kemendagri pattern PP.KK.CC.1DDD, numbered in the order DOMAIN.md
lists them; check them against the current Kepmendagri on region codes before production use.
"""

from __future__ import annotations

from satupintu.accounts.models import Role

TENANT = {
    "code": "llg",
    "name": "Kota Lubuklinggau",
    "region_code": "16.73",
    "province": "Sumatera Selatan",
    "timezone": "Asia/Jakarta",
    "tracking_prefix": "LLG",
    "numbering_format": "503/{seq}/{service}/DPMPTSP/{year}",
    "address": "Jl. Garuda No. 1, Kelurahan Kayu Ara, Lubuklinggau Barat I, Kota Lubuklinggau "
               "31626 (alamat demo)",
    "phone": "(0733) 000000 (demo)",
    "email": "dpmptsp@lubuklinggau.demo",
    "service_pledge": (
        "Dengan ini kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar pelayanan "
        "yang telah ditetapkan, memberikan pelayanan sesuai dengan kewajiban dan akan melakukan "
        "perbaikan secara terus-menerus, serta bersedia menerima sanksi dan/atau memberikan "
        "kompensasi apabila pelayanan yang diberikan tidak sesuai standar."
    ),
    "service_pledge_en": (
        "We declare that we are able to deliver services according to the published service "
        "standards, to serve as our duties require and to improve continuously, and that we "
        "accept sanctions and/or will give compensation when a service falls short of its "
        "standard."
    ),
}

DPMPTSP_NAME = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Lubuklinggau"

AGENCIES = [
    # code, name, English name, short name, sector
    ("DINKES", "Dinas Kesehatan Kota Lubuklinggau", "Health Office", "Dinkes", "health"),
    ("PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang Kota Lubuklinggau",
     "Public Works and Spatial Planning Office", "Dinas PUPR", "public_works"),
    ("DLH", "Dinas Lingkungan Hidup Kota Lubuklinggau", "Environment Office", "DLH",
     "environment"),
    ("DISHUB", "Dinas Perhubungan Kota Lubuklinggau", "Transport Office", "Dishub",
     "transport"),
    ("DISBUDPAR", "Dinas Kebudayaan dan Pariwisata Kota Lubuklinggau",
     "Culture and Tourism Office", "Disbudpar", "tourism"),
    ("DISDIK", "Dinas Pendidikan Kota Lubuklinggau", "Education Office", "Disdik",
     "education"),
    ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik Kota Lubuklinggau",
     "National Unity and Politics Agency", "Kesbangpol", "politics"),
    ("BAPENDA", "Badan Pendapatan Daerah Kota Lubuklinggau", "Regional Revenue Agency",
     "Bapenda", "revenue"),
    ("DISPERINDAG", "Dinas Perdagangan dan Perindustrian Kota Lubuklinggau",
     "Trade and Industry Office", "Disperindag", "trade"),
    ("INSPEKTORAT", "Inspektorat Kota Lubuklinggau", "Inspectorate", "Inspektorat",
     "general"),
]

DEMO_PASSWORD = "Linggau-Demo-2026"  # noqa: S105 - public on purpose: demo only, refused in production

# username, full name, agency code, role, position
OFFICERS = [
    ("petugas.fo", "Rina Oktaviani", "DPMPTSP", Role.FRONT_OFFICE, "Petugas Front Office"),
    ("verifikator", "Andi Saputra", "DPMPTSP", Role.VERIFIER, "JF Penata Perizinan"),
    ("teknis.dinkes", "dr. Sari Wulandari", "DINKES", Role.TECHNICAL_REVIEWER,
     "Tim Teknis Dinas Kesehatan"),
    ("teknis.pupr", "Budi Hartono, S.T.", "PUPR", Role.TECHNICAL_REVIEWER,
     "Tim Teknis Dinas PUPR"),
    ("lapangan.pupr", "Hendra Gunawan", "PUPR", Role.INSPECTOR, "Tim Pemeriksa Lapangan"),
    ("teknis.bapenda", "Rahmat Hidayat, S.E.", "BAPENDA", Role.TECHNICAL_REVIEWER,
     "Tim Teknis Badan Pendapatan Daerah"),
    ("kabid", "Yuliana, S.E.", "DPMPTSP", Role.APPROVER, "Kepala Bidang Pelayanan Perizinan"),
    ("kadis", "H. Ahmad Fauzi, S.H., M.Si.", "DPMPTSP", Role.SIGNER, "Kepala DPMPTSP"),
    ("bendahara", "Dewi Lestari", "DPMPTSP", Role.TREASURER, "Bendahara Penerimaan"),
    ("pengaduan", "Rudi Hermawan", "DPMPTSP", Role.COMPLAINT_HANDLER,
     "Petugas Pengelola Pengaduan"),
    ("admin.llg", "Fitri Handayani", "DPMPTSP", Role.ADMINISTRATOR, "Administrator Sistem"),
    ("auditor", "Irwan Syahputra", "INSPEKTORAT", Role.AUDITOR, "Auditor Inspektorat"),
    ("kepala.dinkes", "dr. Hj. Nurhayati, M.Kes.", "DINKES", Role.HEAD,
     "Kepala Dinas Kesehatan"),
    ("kepala.pupr", "Ir. Joko Prasetyo, M.T.", "PUPR", Role.HEAD, "Kepala Dinas PUPR"),
]

# Further roles of demo officers: the head of DPMPTSP signs and heads the office.
EXTRA_ROLES = [
    ("kadis", "DPMPTSP", Role.HEAD, "Kepala DPMPTSP"),
]

APPLICANT = ("pemohon", "Siti Aminah", "pemohon@lubuklinggau.demo", "+6281234567890")
# The demo applicant's profile (a NIK registered in Lubuk Linggau Timur I, a woman born on
# 12 May 1990), with a confirmed e-mail address so she can submit at once.
APPLICANT_PROFILE = {"nik": "1673015205900001", "kelurahan": "16.73.02.1001",
                     "address": "Jl. Yos Sudarso No. 12, RT 03 (alamat demo)"}

REGIONS: list[tuple[str, str, list[str]]] = [
    ("16.73.01", "Lubuk Linggau Timur I", [
        "Air Kuti", "Majapahit", "Taba Jemekeh", "Nikan Jaya", "Taba Lestari", "Batu Urip Taba",
        "Taba Koji", "Watervang"]),
    ("16.73.02", "Lubuk Linggau Barat I", [
        "Kayu Ara", "Lubuk Tanjung", "Tanjung Indah", "Bandung Ujung", "Bandung Kiri",
        "Sukajadi", "Muara Enim", "Watas Lubuk Durian", "Lubuk Aman", "Tanjung Aman",
        "Pelita Jaya"]),
    ("16.73.03", "Lubuk Linggau Selatan I", [
        "Lubuk Kupang", "Rahmah", "Jukung", "Air Kati", "Air Teman", "Perumnas Rahmah",
        "Lubuk Binjai"]),
    ("16.73.04", "Lubuk Linggau Utara I", [
        "Durian Rampak", "Tanjung Raya", "Sumber Agung", "Marga Bakti", "Belalau I",
        "Belalau II", "Taba Baru", "Margorejo", "Petanang Ulu", "Petanang Ilir"]),
    ("16.73.05", "Lubuk Linggau Timur II", [
        "Jawa Kanan", "Jawa Kanan SS", "Wira Karya", "Dempo", "Jawa Kiri", "Karya Bakti",
        "Mesat Jaya", "Mesat Seni", "Cereme Taba"]),
    ("16.73.06", "Lubuk Linggau Barat II", [
        "Sidorejo", "Ulak Lebar", "Tapak Lebar", "Bandung Kanan", "Keputraan",
        "Lubuklinggau Ilir", "Lubuklinggau Ulu", "Pasar Permiri"]),
    ("16.73.07", "Lubuk Linggau Selatan II", [
        "Tanah Periuk", "Simpang Periuk", "Karang Ketuan", "Siring Agung", "Eka Marga",
        "Marga Mulya", "Marga Rahayu", "Taba Pingin", "Moneng Sepati"]),
    ("16.73.08", "Lubuk Linggau Utara II", [
        "Batu Urip", "Ulak Surung", "Kenanga", "Pasar Satelit", "Senalang", "Megang",
        "Jogoboyo", "Puncak Kemuning", "Ponorogo", "Kali Serayu"]),
]


def region_rows() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Regions with generated kelurahan codes (1001, 1002, … within each kecamatan)."""
    return [
        (code, name, [(f"{code}.{1001 + i}", village) for i, village in enumerate(villages)])
        for code, name, villages in REGIONS
    ]
