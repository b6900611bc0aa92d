"""The demo office's data: its applicants and the story of each of their files.

A story is the list of steps a file went through, each on a day counted in working days
before the demo's "today" (0 is today, or the last working day when today is not one;
a negative day is ahead). `satupintu.demo.office` replays them through the real services.

Every file ends in a step whose time limit says whether it is on time or overdue on any date:
a step of N working days entered d working days ago is on time when d < N and overdue when
d > N (one-day steps: completeness check, verification, drafting, approval, signing; each
agency's review: 5 days). Names, NIKs and addresses are invented; NIKs follow DOMAIN.md
(16.73.CC, birth date with day + 40 for women, a serial).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Person:
    """A demo applicant: an individual, or a business through its representative."""

    username: str
    full_name: str
    nik: str
    kelurahan: str  # name of a Lubuklinggau kelurahan
    street: str
    phone: str
    company_name: str = ""
    legal_form: str = ""
    nib: str = ""
    npwp: str = ""

    @property
    def display_name(self) -> str:
        return self.company_name or self.full_name


@dataclass(frozen=True)
class Days:
    """A date answer: this many calendar days after the file's submission."""

    after_submission: int


@dataclass(frozen=True)
class Step:
    day: int  # working days before the demo's today
    verb: str
    agency: str = ""
    value: str = ""  # a recommendation, a cited requirement, extension days, a user name
    text: str = ""  # note, reason, conditions or findings
    on: int = 0  # an inspection's date, as `day`


@dataclass(frozen=True)
class Story:
    who: str
    service: str
    answers: dict[str, Any]
    kelurahan: str
    street: str
    steps: tuple[Step, ...]
    counter: bool = False  # filed at the counter by the front office for a walk-in applicant
    photos: tuple[str, ...] = field(default=())  # captions of the inspection photos


# --- step shorthands ----------------------------------------------------------------------------
def submit(day: int) -> Step:
    return Step(day, "submit")


def register(day: int) -> Step:
    return Step(day, "register")


def give_back(day: int, code: str, note: str) -> Step:
    """The front office returns the file as incomplete, citing one requirement."""
    return Step(day, "return", value=code, text=note)


def fix(day: int, note: str = "Dokumen yang diminta sudah diperbaiki.") -> Step:
    """The applicant uploads the cited documents again and sends the corrections."""
    return Step(day, "fix", text=note)


def verifier_returns(day: int, code: str, note: str) -> Step:
    return Step(day, "verifier_return", value=code, text=note)


def forward(day: int, note: str = "") -> Step:
    return Step(day, "forward", text=note)


def claim(day: int, username: str, agency: str = "") -> Step:
    return Step(day, "claim", agency=agency, value=username)


def schedule(day: int, agency: str, on: int) -> Step:
    return Step(day, "schedule", agency=agency, on=on)


def report(day: int, agency: str, findings: str) -> Step:
    return Step(day, "report", agency=agency, text=findings)


def recommend(day: int, agency: str, recommendation: str = "approve", text: str = "") -> Step:
    return Step(day, "recommend", agency=agency, value=recommendation, text=text)


def draft(day: int) -> Step:
    return Step(day, "draft")


def approve(day: int) -> Step:
    return Step(day, "approve")


def reject(day: int, reason: str) -> Step:
    return Step(day, "reject", text=reason)


def withdraw(day: int, reason: str) -> Step:
    return Step(day, "withdraw", text=reason)


def sign(day: int, code: str) -> Step:
    """Signed by the head of DPMPTSP; `code` is the demo permit's register code (fixed so the
    README can link to it: real permits get a random one)."""
    return Step(day, "sign", value=code)


def hand_over(day: int) -> Step:
    return Step(day, "hand_over")


def revoke(day: int, reason: str) -> Step:
    return Step(day, "revoke", text=reason)


def extend(day: int, days: int, reason: str) -> Step:
    return Step(day, "extend", value=str(days), text=reason)


# --- applicants ---------------------------------------------------------------------------------
PEOPLE = [
    Person("rizky.pratama", "apt. M. Rizky Pratama, S.Farm.", "1673041403880004", "Taba Baru",
           "Jl. Yos Sudarso No. 45, RT 02", "081273451120"),
    Person("rahmawati", "apt. Rahmawati, S.Farm.", "1673076103930015", "Marga Mulya",
           "Jl. Pelita No. 21, RT 04", "081366120873"),
    Person("yogi.firmansyah", "apt. Yogi Firmansyah, S.Farm.", "1673071608900022", "Eka Marga",
           "Jl. Lintas Sumatera Km 9, RT 07", "082281907716"),
    Person("tri.handayani", "apt. Tri Handayani, S.Farm.", "1673054404940023", "Mesat Jaya",
           "Jl. Kalimantan Gg. Damai No. 3", "085377410925"),
    Person("hadi.wijaya", "apt. Hadi Wijaya, S.Farm.", "1673062207860024", "Lubuklinggau Ulu",
           "Jl. Jenderal Sudirman No. 212", "081278843301"),
    Person("fadli.rahman", "dr. Fadli Rahman", "1673030511850006", "Lubuk Kupang",
           "Jl. Ahmad Yani No. 102, RT 01", "081367720931"),
    Person("wulan.sari", "dr. Wulan Sari Dewi", "1673065208910012", "Keputraan",
           "Jl. Mayor Toha No. 14, RT 03", "081273998104"),
    Person("siti.rohani", "dr. Siti Rohani, Sp.A.", "1673024611820025", "Bandung Kiri",
           "Jl. Garuda No. 61, RT 05", "081367551290"),
    Person("ahmad.zulkarnain", "dr. Ahmad Zulkarnain", "1673080903870026", "Megang",
           "Jl. Depati Said No. 8, RT 02", "082180336271"),
    Person("nurul.hidayah", "dr. Nurul Hidayah", "1673046907930027", "Belalau I",
           "Jl. Sultan Mahmud Badaruddin II No. 17", "081379230548"),
    Person("andika.putra", "dr. Andika Putra", "1673012312890028", "Watervang",
           "Jl. Kartini No. 30, RT 06", "085267703115"),
    Person("yulia.marlina", "drg. Yulia Marlina", "1673014901900007", "Air Kuti",
           "Jl. Garuda No. 23, RT 01", "085268893410"),
    Person("mega.oktarina", "drg. Mega Oktarina", "1673085710920029", "Ulak Surung",
           "Jl. Yos Sudarso No. 77, RT 03", "081271604492"),
    Person("indah.permata", "drg. Indah Permata Sari", "1673034102910030", "Air Kati",
           "Jl. Hasanuddin No. 5, RT 02", "082282775013"),
    Person("desi.ratnasari", "Desi Ratnasari, S.Tr.Keb.", "1673066207920005", "Sidorejo",
           "Jl. Kenanga No. 7, RT 05", "082280114562"),
    Person("eka.putri", "Eka Putri Lestari, A.Md.Keb.", "1673016509950013", "Majapahit",
           "Jl. Fatmawati No. 3, RT 06", "081368027754"),
    Person("lina.marlinda", "Lina Marlinda, S.Keb., Bd.", "1673035303880031", "Lubuk Binjai",
           "Jl. Lubuk Binjai No. 12, RT 01", "085273314409"),
    Person("fitriani", "Fitriani, S.Tr.Keb.", "1673034810940032", "Jukung",
           "Jl. Jukung Gg. Mawar No. 2", "081367339120"),
    Person("sri.wahyuni", "Sri Wahyuni, A.Md.Keb.", "1673076612830033", "Karang Ketuan",
           "Jl. Karang Ketuan No. 41, RT 03", "082178850036"),
    Person("suryani", "Ns. Suryani, S.Kep.", "1673075708870008", "Simpang Periuk",
           "Jl. Lintas Sumatera Km 7, RT 04", "081278006645"),
    Person("dimas.aditya", "Dimas Aditya, S.Kep., Ners", "1673030205960016", "Rahmah",
           "Jl. Hasanuddin No. 40, RT 02", "085366129847"),
    Person("rini.anggraini", "Rini Anggraini, A.Md.Kep.", "1673086304970034", "Kenanga",
           "Jl. Kenanga II No. 9, RT 04", "081273660218"),
    Person("roni.kurniawan", "Roni Kurniawan, S.Kep., Ners", "1673051507890035", "Dempo",
           "Jl. Dempo No. 26, RT 01", "082177209934"),
    Person("hendri.saputra", "Hendri Saputra", "1673083006790009", "Pasar Satelit",
           "Jl. Sultan Mahmud Badaruddin II No. 31", "081377120458"),
    Person("bambang.sutrisno", "Bambang Sutrisno", "1673081910720014", "Ponorogo",
           "Jl. Ponorogo Gg. Melati No. 5, RT 08", "081271330967"),
    Person("suryadi", "Suryadi", "1673040107810036", "Durian Rampak",
           "Jl. Durian Rampak No. 15, RT 03", "085279041156"),
    Person("wahyu.hidayat", "Wahyu Hidayat", "1673022905840037", "Pelita Jaya",
           "Jl. Jenderal Sudirman No. 88", "081366702839"),
    Person("nurhasanah", "Nurhasanah, S.Pd.", "1673024302980010", "Tanjung Indah",
           "Jl. Kartini No. 9, RT 03", "082177035520"),
    Person("agus.salim", "Agus Salim", "1673052112750011", "Jawa Kanan",
           "Jl. Depati Said No. 56, RT 02", "081273309874", nib="9120702233451"),
    Person("hasan.basri", "Hasan Basri", "1673061103780038", "Pasar Permiri",
           "Jl. Pasar Permiri Blok B No. 4", "082281153377"),
    Person("zainal.abidin", "Zainal Abidin", "1673072404710039", "Taba Pingin",
           "Jl. Taba Pingin No. 19, RT 05", "085267918840"),
    Person("putri.ayu", "Putri Ayu Lestari", "1673015112960040", "Taba Jemekeh",
           "Jl. Bukit Sulap No. 3, RT 02", "081379924406", nib="9120811457702"),
    # Businesses: the account is their representative's; the profile holds the company.
    Person("cv.silampari", "Rudi Antoni", "1673041104800017", "Petanang Ulu",
           "Jl. Lintas Sumatera No. 88", "081278451200", company_name="CV Silampari Mandiri",
           legal_form="cv", nib="9120301456782", npwp="812345676313000"),
    Person("pt.bukitsulap", "Ir. Taufik Hidayat", "1673022701770018", "Kayu Ara",
           "Jl. Jenderal Sudirman No. 150", "081367004512",
           company_name="PT Bukit Sulap Sejahtera", legal_form="pt", nib="8120019875431",
           npwp="723456786313000"),
    Person("kop.angkot", "Syamsul Bahri", "1673050808680019", "Dempo", "Jl. Kalimantan No. 12",
           "081273887123", company_name="Koperasi Angkutan Kota Linggau Bersatu",
           legal_form="koperasi", nib="9120407781236", npwp="934567819313000"),
    Person("yys.harapan", "Hj. Marlina, S.Pd.", "1673075506700020", "Tanah Periuk",
           "Jl. Nangka No. 4, RT 02", "085268770031",
           company_name="Yayasan Pendidikan Harapan Bangsa Linggau", legal_form="yayasan",
           nib="9120512348765", npwp="845671239313000"),
    Person("optik.cahaya", "Ferry Gunawan", "1673063011840021", "Lubuklinggau Ilir",
           "Jl. Sumatera No. 27", "081366448190", company_name="CV Cahaya Mata Linggau",
           legal_form="cv", nib="9120609812347", npwp="956781231313000"),
]

# --- what the technical teams write ---------------------------------------------------------
APOTEK_OK = ("Lokasi sesuai denah. Ruang peracikan, ruang tunggu, wastafel dan lemari "
             "penyimpanan obat tersedia; suhu ruang penyimpanan 24 °C. Apoteker penanggung "
             "jawab hadir dan menunjukkan STRA asli.")
REKLAME_OK = ("Titik reklame sesuai denah dan koordinat yang diajukan; tidak berada di ruang "
              "milik jalan maupun sempadan persimpangan. Konstruksi tiang baja kokoh, jarak "
              "bebas ke kabel listrik cukup.")

# --- the files ----------------------------------------------------------------------------------
STORIES = [
    # At the front office's completeness check, today.
    Story("desi.ratnasari", "SIPB", {"JENIS_TEMPAT_PRAKTIK": "tempat praktik mandiri bidan"},
          "Sidorejo", "Jl. Kenanga No. 7, RT 05", (submit(0),)),
    Story("nurhasanah", "SKP", {
        "KEWARGANEGARAAN": "WNI", "JENJANG": "S2",
        "JUDUL_PENELITIAN": "Pengaruh Digitalisasi Pelayanan Perizinan terhadap Kepuasan "
                            "Masyarakat di Kota Lubuklinggau",
        "LOKASI_PENELITIAN": "DPMPTSP Kota Lubuklinggau dan Dinas Komunikasi dan Informatika",
        "TANGGAL_MULAI": Days(14), "TANGGAL_SELESAI": Days(74)},
        "Tanjung Indah", "DPMPTSP Kota Lubuklinggau", (submit(0),)),
    Story("agus.salim", "REKLAME-INS", {
        "NAMA_KEGIATAN": "Jalan Sehat HUT Kelurahan Jawa Kanan", "JENIS_REKLAME": "spanduk",
        "JUMLAH_BUAH": 6, "LUAS_PER_BUAH": 3, "TANGGAL_MULAI": Days(8),
        "LAMA_PEMASANGAN": 14, "TEMPAT_PEMASANGAN": "persil milik pihak lain"},
        "Jawa Kanan", "Simpang Jl. Depati Said - Jl. Jawa Kanan", (submit(0),)),
    Story("bambang.sutrisno", "SPPL", {
        "NAMA_USAHA": "Rumah Makan Sederhana Pak Bambang", "LIMBAH_B3": "tidak"},
        "Ponorogo", "Jl. Ponorogo No. 2", (submit(0),), counter=True),
    Story("pt.bukitsulap", "TDUP", {
        "KBLI": "56101", "NAMA_USAHA": "Rumah Makan Pindang Musi Bukit Sulap",
        "BIDANG_USAHA": "jasa makanan dan minuman"},
        "Kayu Ara", "Jl. Bukit Sulap No. 1", (submit(0),)),
    # Not looked at for two working days: overdue at the counter.
    Story("rizky.pratama", "LEGALISIR", {
        "NOMOR_IZIN": "503/0087/SIA/DPMPTSP/2024", "JUMLAH_SALINAN": 3,
        "PEMOHON": "pemegang izin"}, "Taba Baru", "Jl. Yos Sudarso No. 45", (submit(2),)),

    # Returned to the applicant, waiting for the corrections.
    Story("suryani", "SIPP", {"JENJANG_PENDIDIKAN": "Ners",
                              "JENIS_TEMPAT_PRAKTIK": "praktik mandiri perawat"},
          "Simpang Periuk", "Jl. Lintas Sumatera Km 7, RT 04", (
              submit(4), give_back(3, "SURAT_SEHAT", "Surat keterangan sehat bertanggal lebih "
                                   "dari 3 bulan; lampirkan surat yang terbaru."))),
    Story("yys.harapan", "IO-PAUD", {
        "NAMA_SATUAN": "TK Harapan Bangsa", "BENTUK_SATUAN": "TK", "JUMLAH_PESERTA_DIDIK": 45,
        "STATUS_LAHAN": "sewa"}, "Tanah Periuk", "Jl. Nangka No. 4, RT 02", (
            submit(6), give_back(5, "KURIKULUM", "Kurikulum operasional belum ditandatangani "
                                 "ketua yayasan dan kepala TK."))),
    Story("kop.angkot", "TRAYEK", {
        "BENTUK_BADAN_HUKUM": "koperasi",
        "KODE_TRAYEK": "LLG-03 Terminal Simpang Periuk - Pasar Satelit",
        "JUMLAH_KENDARAAN": 12, "FASILITAS_PERAWATAN": "kerja sama dengan bengkel"},
        "Dempo", "Jl. Kalimantan No. 12", (
            submit(5), give_back(4, "DAFTAR_KENDARAAN", "STNK dua kendaraan (BG 1432 LU dan "
                                 "BG 1587 LU) sudah habis masa berlakunya."))),
    # Returned by the verifier: the clock is paused while the applicant corrects.
    Story("hendri.saputra", "PBG", {
        "FUNGSI_BANGUNAN": "hunian", "LUAS_BANGUNAN": 180, "JUMLAH_LANTAI": 2,
        "STATUS_TANAH": "milik sendiri"}, "Pasar Satelit", "Jl. Cendana No. 12, RT 03", (
            submit(8), register(7), verifier_returns(
                6, "RENCANA_STRUKTUR", "Gambar rencana struktur belum mencantumkan dimensi "
                "kolom dan balok serta mutu beton."))),

    # Registered, at verification.
    Story("fadli.rahman", "SIPD", {
        "NAMA_TEMPAT_PRAKTIK": "Klinik Pratama Silampari Medika",
        "TEMPAT_PRAKTIK_KE": "pertama"}, "Lubuk Kupang", "Jl. Ahmad Yani No. 98", (
            submit(1), register(0))),
    Story("optik.cahaya", "OPTIK", {"NAMA_OPTIKAL": "Optik Cahaya Mata"},
          "Lubuklinggau Ilir", "Jl. Sumatera No. 27", (
              submit(1), register(0), claim(0, "verifikator"))),
    Story("pt.bukitsulap", "KLINIK", {
        "NAMA_KLINIK": "Klinik Pratama Bukit Sulap Medika", "JENIS_PELAYANAN": "rawat jalan",
        "BENTUK_PENYELENGGARA": "badan usaha"}, "Kayu Ara", "Jl. Jenderal Sudirman No. 152", (
            submit(1), give_back(1, "DAFTAR_SDM", "Daftar tenaga kesehatan belum memuat STR "
                                 "dokter penanggung jawab."),
            fix(0, "Daftar SDM sudah dilengkapi STR dokter penanggung jawab."), register(0))),
    Story("dimas.aditya", "SIPP", {"JENJANG_PENDIDIKAN": "Ners",
                                   "JENIS_TEMPAT_PRAKTIK": "fasilitas pelayanan kesehatan"},
          "Rahmah", "RS Bhayangkara (contoh), Jl. Hasanuddin", (submit(0), register(0)),
          counter=True),
    Story("cv.silampari", "SLF", {
        "NOMOR_PBG": "SK-PBG-167304-14082025-003", "FUNGSI_BANGUNAN": "usaha",
        "JUMLAH_LANTAI": 3}, "Petanang Ulu", "Jl. Lintas Sumatera No. 90 (ruko)", (
            submit(5), register(4))),  # overdue at verification

    # In technical review, waiting for the agencies.
    Story("wulan.sari", "SIPD", {
        "NAMA_TEMPAT_PRAKTIK": "Klinik Pratama Linggau Husada", "TEMPAT_PRAKTIK_KE": "kedua"},
        "Keputraan", "Jl. Mayor Toha No. 20", (
            submit(4), register(3), forward(2), claim(1, "teknis.dinkes", "DINKES"))),
    Story("eka.putri", "SIPB", {"JENIS_TEMPAT_PRAKTIK": "fasilitas pelayanan kesehatan"},
          "Majapahit", "Puskesmas Majapahit (contoh)", (submit(3), register(2), forward(1))),
    Story("rahmawati", "SIPA", {"JENIS_FASILITAS": "apotek", "STATUS_KEPEGAWAIAN": "non-ASN"},
          "Marga Mulya", "Apotek Rahma Sehat, Jl. Pelita No. 23", (
              submit(2), register(1), forward(0))),
    Story("pt.bukitsulap", "IUTS", {
        "KBLI": "47111", "LUAS_LANTAI": 180, "JARAK_PASAR_RAKYAT": 1200,
        "POLA_USAHA": "waralaba"}, "Tanjung Aman", "Jl. Lintas Sumatera No. 301", (
            submit(5), register(4), forward(3),
            recommend(1, "PUPR", "approve", "Bangunan sesuai PBG dan KKPR; garis sempadan "
                      "bangunan terpenuhi."))),
    Story("agus.salim", "PARKIR", {
        "JENIS_TEMPAT_PARKIR": "pelataran parkir", "KAPASITAS_SRP": 60},
        "Jawa Kanan", "Pelataran Pasar Jawa Kanan", (submit(4), register(3), forward(2))),
    Story("yulia.marlina", "SIPDG", {
        "JENIS_TEMPAT_PRAKTIK": "praktik mandiri",
        "ALAMAT_PRAKTIK": "Jl. Garuda No. 23, Kelurahan Air Kuti"},
        "Air Kuti", "Jl. Garuda No. 23", (
            submit(11), register(10), forward(9))),  # the health office's review is overdue
    Story("cv.silampari", "REKLAME", {
        "JENIS_REKLAME": "papan/billboard", "LUAS_BIDANG": 32,
        "STATUS_LAHAN": "milik pihak lain"}, "Petanang Ilir", "Simpang Jl. Lintas Sumatera", (
            submit(12), register(11), forward(10),
            extend(4, 5, "Menunggu perhitungan konstruksi ulang dari konsultan perencana."))),

    # Field inspection scheduled.
    Story("rizky.pratama", "SIA", {"NAMA_APOTEK": "Apotek Linggau Farma",
                                   "SEWA_MILIK_SENDIRI": "sewa"},
          "Taba Baru", "Jl. Yos Sudarso No. 51", (
              submit(4), register(3), forward(2), schedule(1, "DINKES", on=-2))),
    Story("bambang.sutrisno", "PBG", {
        "FUNGSI_BANGUNAN": "hunian", "LUAS_BANGUNAN": 96, "JUMLAH_LANTAI": 1,
        "STATUS_TANAH": "milik sendiri"}, "Kali Serayu", "Jl. Kali Serayu No. 7, RT 02", (
            submit(6), register(5), forward(4), claim(3, "teknis.pupr", "PUPR"),
            schedule(2, "PUPR", on=-1))),
    Story("wahyu.hidayat", "REKLAME", {
        "JENIS_REKLAME": "reklame pada bangunan", "LUAS_BIDANG": 12,
        "STATUS_LAHAN": "milik sendiri"}, "Pelita Jaya", "Jl. Jenderal Sudirman No. 88", (
            submit(3), register(2), forward(1), schedule(0, "PUPR", on=-2))),

    # Field inspection reported, recommendation not given yet.
    Story("hendri.saputra", "REKLAME", {
        "JENIS_REKLAME": "neon box", "LUAS_BIDANG": 6, "STATUS_LAHAN": "milik sendiri"},
        "Pasar Satelit", "Jl. Sultan Mahmud Badaruddin II No. 31", (
            submit(6), register(5), forward(4), schedule(3, "PUPR", on=1),
            report(1, "PUPR", REKLAME_OK)),
        photos=("Neon box tampak depan", "Titik pemasangan dari seberang jalan")),
    Story("cv.silampari", "PBG", {
        "FUNGSI_BANGUNAN": "usaha", "LUAS_BANGUNAN": 620, "JUMLAH_LANTAI": 3,
        "STATUS_TANAH": "milik sendiri"}, "Petanang Ulu", "Jl. Lintas Sumatera No. 92-96", (
            submit(6), register(5), forward(4), schedule(3, "PUPR", on=2),
            report(2, "PUPR", "Lahan sudah dimatangkan; patok batas sesuai sertifikat. Garis "
                   "sempadan jalan 12 m dari as jalan terpenuhi. Saluran drainase belum ada; "
                   "perlu dicantumkan pada rencana tapak.")),
        photos=("Lahan rencana ruko", "Patok batas sisi timur", "Saluran jalan di depan")),
    Story("optik.cahaya", "OPTIK", {"NAMA_OPTIKAL": "Optik Cahaya Mata Cabang Simpang Periuk"},
          "Simpang Periuk", "Jl. Lintas Sumatera Km 6", (
              submit(5), register(4), forward(3), schedule(2, "DINKES", on=1),
              report(1, "DINKES", "Ruang refraksi 6 m tersedia dengan trial lens set lengkap; "
                     "refraksionis optisien penanggung jawab hadir dan menunjukkan STR.")),
          photos=("Ruang refraksi", "Etalase dan meja pelayanan")),

    # Drafting the decision: every agency has recommended.
    Story("siti.rohani", "SIPD", {
        "NAMA_TEMPAT_PRAKTIK": "Praktik Dokter Spesialis Anak dr. Siti Rohani",
        "TEMPAT_PRAKTIK_KE": "pertama"}, "Bandung Kiri", "Jl. Garuda No. 61", (
            submit(5), register(4), forward(3), claim(2, "teknis.dinkes", "DINKES"),
            recommend(0, "DINKES", "approve", "STR dan rekomendasi IDI Cabang Lubuklinggau "
                      "sesuai; tempat praktik memenuhi syarat."))),
    Story("pt.bukitsulap", "SLF", {
        "NOMOR_PBG": "SK-PBG-167302-03032025-011", "FUNGSI_BANGUNAN": "usaha",
        "JUMLAH_LANTAI": 4}, "Kayu Ara", "Hotel Bukit Sulap, Jl. Jenderal Sudirman No. 150", (
            submit(7), register(6), forward(5), schedule(4, "PUPR", on=3),
            report(3, "PUPR", "Bangunan terbangun sesuai PBG dan gambar as built. APAR dan "
                   "hidran tersedia di tiap lantai; tangga darurat berfungsi."),
            recommend(0, "PUPR", "approve", "Bangunan laik fungsi.")),
        photos=("Tampak depan hotel", "Tangga darurat lantai 4")),
    Story("rahmawati", "SIA", {"NAMA_APOTEK": "Apotek Rahma Sehat",
                               "SEWA_MILIK_SENDIRI": "milik sendiri"},
          "Marga Mulya", "Jl. Pelita No. 23", (
              submit(7), register(6), forward(5), schedule(4, "DINKES", on=2),
              report(2, "DINKES", APOTEK_OK + " Lemari narkotika belum berkunci ganda."),
              recommend(0, "DINKES", "approve_with_conditions",
                        "Lemari penyimpanan narkotika dan psikotropika dengan dua kunci yang "
                        "berbeda dipasang paling lambat 14 hari setelah izin terbit; papan nama "
                        "apotek mencantumkan nama apoteker dan jam praktik.")),
          photos=("Apotek tampak depan", "Ruang peracikan", "Lemari penyimpanan obat")),
    Story("lina.marlinda", "SIPB", {"JENIS_TEMPAT_PRAKTIK": "tempat praktik mandiri bidan"},
          "Lubuk Binjai", "Jl. Lubuk Binjai No. 12", (
              submit(5), register(4), forward(3), schedule(2, "DINKES", on=1),
              report(1, "DINKES", "Ruang periksa dan ruang tindakan terpisah; partus set "
                     "lengkap. Belum ada wastafel di ruang tindakan."),
              recommend(0, "DINKES", "approve_with_conditions",
                        "Wastafel cuci tangan dan tempat sampah medis tertutup ditambahkan di "
                        "ruang tindakan sebelum praktik dimulai.")),
          photos=("Ruang tindakan TPMB",)),
    Story("yogi.firmansyah", "SIPA", {"JENIS_FASILITAS": "apotek",
                                      "STATUS_KEPEGAWAIAN": "non-ASN"},
          "Eka Marga", "Apotek Eka Marga Farma, Jl. Lintas Sumatera Km 9", (
              submit(4), register(3), forward(2),
              recommend(0, "DINKES", "reject", "Apoteker telah memiliki tiga SIPA aktif; "
                        "sesuai ketentuan paling banyak tiga tempat praktik, salah satu SIPA "
                        "harus dicabut terlebih dahulu."))),
    Story("ahmad.zulkarnain", "SIPD", {
        "NAMA_TEMPAT_PRAKTIK": "Klinik Pratama Megang Sehat", "TEMPAT_PRAKTIK_KE": "pertama"},
        "Megang", "Jl. Depati Said No. 8", (
            submit(8), register(7), forward(6), recommend(3, "DINKES"))),  # drafting overdue

    # Waiting for the head of division's approval.
    Story("mega.oktarina", "SIPDG", {
        "JENIS_TEMPAT_PRAKTIK": "fasilitas pelayanan kesehatan",
        "ALAMAT_PRAKTIK": "Klinik Gigi Senyum Linggau, Jl. Yos Sudarso No. 77"},
        "Ulak Surung", "Jl. Yos Sudarso No. 77", (
            submit(6), register(5), forward(4), recommend(1, "DINKES"), draft(0))),
    Story("fadli.rahman", "LEGALISIR", {
        "NOMOR_IZIN": "503/0211/SIPD/DPMPTSP/2025", "JUMLAH_SALINAN": 2,
        "PEMOHON": "pemegang izin"}, "Lubuk Kupang", "Jl. Ahmad Yani No. 102", (
            submit(1), register(1), forward(0), draft(0))),
    Story("rini.anggraini", "SIPP", {"JENJANG_PENDIDIKAN": "D3 Keperawatan",
                                     "JENIS_TEMPAT_PRAKTIK": "fasilitas pelayanan kesehatan"},
          "Kenanga", "Klinik Pratama Kenanga Medika", (
              submit(5), register(4), forward(3), claim(3, "teknis.dinkes", "DINKES"),
              recommend(1, "DINKES"), draft(0))),
    Story("fitriani", "SIPB", {"JENIS_TEMPAT_PRAKTIK": "fasilitas pelayanan kesehatan"},
          "Jukung", "Puskesmas Citra Medika (contoh)", (
              submit(9), register(8), forward(7), recommend(4, "DINKES"),
              draft(3))),  # approval overdue

    # Approved, waiting for the head of DPMPTSP's electronic signature.
    Story("rizky.pratama", "SIPA", {"JENIS_FASILITAS": "apotek",
                                    "STATUS_KEPEGAWAIAN": "non-ASN"},
          "Taba Baru", "Apotek Linggau Farma, Jl. Yos Sudarso No. 51", (
              submit(7), register(6), forward(5), recommend(2, "DINKES"), draft(1),
              approve(0))),
    Story("indah.permata", "SIPDG", {
        "JENIS_TEMPAT_PRAKTIK": "fasilitas pelayanan kesehatan",
        "ALAMAT_PRAKTIK": "Klinik Utama Dental Care Linggau, Jl. Hasanuddin No. 9"},
        "Air Kati", "Jl. Hasanuddin No. 9", (
            submit(6), register(5), forward(4), recommend(2, "DINKES"), draft(1),
            approve(0), sign(0, "demo-izin-terbit"))),  # issued, waiting at the counter
    Story("roni.kurniawan", "SIPP", {"JENJANG_PENDIDIKAN": "Ners",
                                     "JENIS_TEMPAT_PRAKTIK": "praktik mandiri perawat"},
          "Dempo", "Jl. Dempo No. 26", (
              submit(8), register(7), forward(6), schedule(5, "DINKES", on=3),
              report(3, "DINKES", "Ruang praktik bersih dan cukup cahaya; peralatan perawatan "
                     "luka dan sterilisator tersedia; papan nama terpasang."),
              recommend(2, "DINKES"), draft(1), approve(0)),
          photos=("Ruang praktik mandiri perawat",)),
    Story("hadi.wijaya", "SIA", {"NAMA_APOTEK": "Apotek Sehat Ulu",
                                 "SEWA_MILIK_SENDIRI": "sewa"},
          "Lubuklinggau Ulu", "Jl. Jenderal Sudirman No. 212", (
              submit(10), register(9), forward(8), schedule(7, "DINKES", on=5),
              report(5, "DINKES", APOTEK_OK + " Jarak rak obat ke lantai kurang dari 10 cm."),
              recommend(2, "DINKES", "approve_with_conditions",
                        "Rak obat diberi palet setinggi paling sedikit 10 cm dari lantai; "
                        "termometer ruangan dan kartu stok dipasang sebelum apotek beroperasi."),
              draft(2), approve(1), sign(1, "demo-izin-berlaku"), hand_over(0)),  # with conditions
          photos=("Apotek tampak depan", "Rak penyimpanan obat")),
    Story("nurul.hidayah", "SIPD", {
        "NAMA_TEMPAT_PRAKTIK": "Klinik Pratama Belalau Sehat", "TEMPAT_PRAKTIK_KE": "pertama"},
        "Belalau I", "Jl. Sultan Mahmud Badaruddin II No. 17", (
            submit(6), register(5), forward(4), recommend(3, "DINKES"), draft(2),
            approve(2), sign(2, "demo-izin-dicabut"), hand_over(1),
            revoke(0, "Surat Tanda Registrasi (STR) yang dilampirkan ternyata telah dicabut "
                   "oleh Konsil Kedokteran Indonesia; izin praktik dicabut sesuai Pasal 263 "
                   "UU 17/2023."))),
    Story("sri.wahyuni", "SIPB", {"JENIS_TEMPAT_PRAKTIK": "fasilitas pelayanan kesehatan"},
          "Karang Ketuan", "Klinik Pratama Karang Ketuan", (
              submit(9), register(8), forward(7), recommend(5, "DINKES"), draft(4),
              approve(3))),  # signature overdue

    # Issued two months ago for a month's banners: expired now.
    Story("agus.salim", "REKLAME-INS", {
        "NAMA_KEGIATAN": "Lomba Lari 10K Bukit Sulap", "JENIS_REKLAME": "spanduk",
        "JUMLAH_BUAH": 4, "LUAS_PER_BUAH": 3, "TANGGAL_MULAI": Days(7),
        "LAMA_PEMASANGAN": 10, "TEMPAT_PEMASANGAN": "persil milik pihak lain"},
        "Jawa Kanan", "Simpang Jl. Yos Sudarso - Jl. Garuda", (
            submit(45), register(44), forward(44), recommend(43, "BAPENDA"), draft(43),
            approve(42), sign(42, "demo-izin-kedaluwarsa"), hand_over(41))),

    # Rejected, with written reasons.
    Story("andika.putra", "SIPD", {
        "NAMA_TEMPAT_PRAKTIK": "Klinik Pratama Watervang", "TEMPAT_PRAKTIK_KE": "pertama"},
        "Watervang", "Jl. Kartini No. 30", (
            submit(8), register(7), forward(6),
            recommend(4, "DINKES", "reject", "Klinik Pratama Watervang yang disebut dalam surat "
                      "keterangan tempat praktik belum memiliki izin operasional."),
            draft(3),
            reject(2, "Sesuai rekomendasi Dinas Kesehatan, tempat praktik yang dimohonkan belum "
                   "memiliki izin operasional klinik. Permohonan dapat diajukan kembali setelah "
                   "izin operasional klinik terbit."))),
    Story("hasan.basri", "REKLAME-INS", {
        "NAMA_KEGIATAN": "Promo Pembukaan Toko Elektronik Permiri Jaya",
        "JENIS_REKLAME": "baliho kegiatan", "JUMLAH_BUAH": 2, "LUAS_PER_BUAH": 8,
        "TANGGAL_MULAI": Days(10), "LAMA_PEMASANGAN": 30,
        "TEMPAT_PEMASANGAN": "persil milik pihak lain"},
        "Pasar Permiri", "Jl. Pasar Permiri Blok B No. 4", (
            submit(15),
            give_back(14, "IZIN_PEMILIK_PERSIL", "Surat izin belum ditandatangani pemilik "
                      "persil."),
            fix(12),
            give_back(11, "IZIN_PEMILIK_PERSIL", "Tanda tangan pada surat izin tidak sesuai "
                      "dengan KTP pemilik persil."),
            fix(9),
            give_back(8, "IZIN_PEMILIK_PERSIL", "Surat izin masih atas nama penyewa, bukan "
                      "pemilik persil."),  # the third return goes to the head of division
            reject(6, "Setelah dua kali perbaikan, surat izin dari pemilik persil tempat "
                   "pemasangan tetap tidak dipenuhi. Permohonan ditolak; pemohon dapat "
                   "mengajukan permohonan baru dengan izin yang ditandatangani pemilik."))),
    Story("zainal.abidin", "LEGALISIR", {
        "NOMOR_IZIN": "503/0412/REKLAME/DPMPTSP/2023", "JUMLAH_SALINAN": 5,
        "PEMOHON": "kuasa pemegang izin"}, "Taba Pingin", "Jl. Taba Pingin No. 19", (
            submit(6), register(6), forward(5), draft(5),
            reject(4, "Nomor izin 503/0412/REKLAME/DPMPTSP/2023 tidak terdapat dalam arsip "
                   "DPMPTSP Kota Lubuklinggau; legalisasi hanya untuk izin yang diterbitkan "
                   "DPMPTSP Kota Lubuklinggau."))),
    Story("cv.silampari", "SLF", {
        "NOMOR_PBG": "SK-PBG-167304-02062025-007", "FUNGSI_BANGUNAN": "usaha",
        "JUMLAH_LANTAI": 2}, "Petanang Ilir", "Jl. Lintas Sumatera No. 120 (ruko)", (
            submit(12), register(11), forward(10), schedule(9, "PUPR", on=8),
            report(8, "PUPR", "Bangunan terbangun tiga lantai, sedangkan PBG dan gambar as "
                   "built yang diajukan dua lantai. Lantai tiga belum memiliki perubahan PBG."),
            recommend(7, "PUPR", "reject", "Bangunan tidak sesuai PBG: penambahan lantai tiga "
                      "tanpa perubahan PBG."),
            draft(6),
            reject(5, "Sesuai berita acara pemeriksaan dan rekomendasi Dinas PUPR, bangunan "
                   "terbangun tidak sesuai PBG (penambahan lantai tiga). Ajukan perubahan PBG "
                   "terlebih dahulu.")),
        photos=("Ruko tampak depan, tiga lantai", "Lantai tiga tambahan")),

    # Withdrawn by the applicant.
    Story("agus.salim", "REKLAME-INS", {
        "NAMA_KEGIATAN": "Turnamen Bola Voli Antar-RT Jawa Kanan",
        "JENIS_REKLAME": "umbul-umbul", "JUMLAH_BUAH": 10, "LUAS_PER_BUAH": 1,
        "TANGGAL_MULAI": Days(5), "LAMA_PEMASANGAN": 10,
        "TEMPAT_PEMASANGAN": "titik reklame milik Pemerintah Kota"},
        "Jawa Kanan", "Lapangan Jawa Kanan", (
            submit(3), withdraw(2, "Kegiatan dibatalkan oleh panitia."))),
    Story("putri.ayu", "TDUP", {
        "KBLI": "96122", "NAMA_USAHA": "Ayu Spa & Refleksi", "BIDANG_USAHA": "spa"},
        "Taba Jemekeh", "Jl. Bukit Sulap No. 3", (
            submit(10),
            give_back(9, "SERTIFIKAT_TERAPIS", "Sertifikat kompetensi terapis spa yang "
                      "dilampirkan sudah kedaluwarsa."),
            withdraw(6, "Usaha batal dibuka karena lokasi tidak jadi disewa."))),
    Story("suryadi", "PBG", {
        "FUNGSI_BANGUNAN": "hunian", "LUAS_BANGUNAN": 120, "JUMLAH_LANTAI": 1,
        "STATUS_TANAH": "milik pihak lain"}, "Durian Rampak", "Jl. Durian Rampak No. 17", (
            submit(12), register(11), forward(10),
            withdraw(7, "Pembangunan ditunda karena pendanaan belum tersedia."))),
    Story("tri.handayani", "SIPA", {"JENIS_FASILITAS": "puskesmas",
                                    "STATUS_KEPEGAWAIAN": "ASN"},
          "Mesat Jaya", "Puskesmas Megang (contoh)", (
              submit(4), register(3),
              withdraw(3, "Saya dipindahtugaskan ke Kabupaten Musi Rawas; permohonan tidak "
                       "dilanjutkan."))),
]
