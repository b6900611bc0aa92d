"""The demo complaints: some thirty over the past three months, in every outcome, so the public
list, the officers' complaint pages and the figures show real handling on a fresh install.

Each story is replayed through the real services — `intake.complaint_submit` on the web, at the
counter (by `petugas.fo`), through the demo partner app (Open311) or by the demo applicant, then
the handlers' steps of `complaints.handling` — on past working days, with Django's clock set to
each moment (as the demo office does), all stories' steps in one chronological order so numbers
follow filing times. The demo applicant's resolved complaint carries the fixed private link
`/pengaduan/saya/demo-pengaduan-pemohon/` the README shows.

Idempotent: once that complaint exists, nothing is added.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from unittest import mock
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from satupintu.accounts.models import User
from satupintu.applications.models import Application
from satupintu.calendars.selectors import local_date, working_calendar
from satupintu.complaints import handling
from satupintu.complaints.intake import ComplaintInput, complaint_submit
from satupintu.complaints.models import Complaint, ComplaintChannel, ComplaintMedia
from satupintu.demo.files import demo_site_photo
from satupintu.open311.demo import ensure_demo_open311_client
from satupintu.tenants.models import Agency, Kelurahan, Tenant

DEMO_SECRET = "demo-pengaduan-pemohon"  # noqa: S105 - a published demo link, not a credential
HANDLER = "pengaduan"  # the DPMPTSP's complaint handler coordinates (and may handle) them all
CLERK = "petugas.fo"
APPLICANT = "pemohon"


@dataclass(frozen=True)
class Step:
    """What a handler (or the complainant) did, `after` working days from filing, at `hour`."""

    after: int
    act: str  # acknowledge, answer, forward, resolve, unresolved, not_responsible, duplicate,
    #           reopen, hide, approve_photos
    text: str = ""
    to: str = ""  # forward: agency code; duplicate: the story's key it duplicates
    hour: int = 10


@dataclass(frozen=True)
class Story:
    key: str
    ago: int  # filed this many working days before the last working day
    category: str
    text: str
    kelurahan: str = ""  # a kelurahan's name
    by: str = "anonymous"  # anonymous, contact, applicant, counter, open311
    contact: tuple[str, str, str] = ("", "", "")  # name, e-mail, phone
    lapor: str = ""
    agency: str = ""  # the agency complained about
    reference: bool = False  # refers to the demo applicant's first submitted application
    photos: int = 0
    point: tuple[str, str] | None = None
    hour: int = 9
    steps: tuple[Step, ...] = field(default_factory=tuple)


ACK = Step(1, "acknowledge", "Pengaduan Anda sudah kami terima dan sedang kami pelajari.")

STORIES: list[Story] = [
    # --- settled, long ago ---------------------------------------------------------------------
    Story("lambat-siup", 62, "layanan-lambat",
          "Permohonan izin usaha saya sudah lewat 10 hari kerja dari batas waktu di standar "
          "pelayanan dan belum ada kabar apa pun dari petugas.",
          "Majapahit", by="contact",
          contact=("Agus Salim", "agus.salim@contoh.demo", "081277001122"),
          steps=(ACK, Step(2, "answer", "Berkas Anda tertahan menunggu rekomendasi teknis; kami "
                                       "sudah menegur tim teknis agar segera menyelesaikan."),
                 Step(4, "resolve", "Izin telah terbit dan diserahkan kepada pemohon. Kami "
                                    "mohon maaf atas keterlambatannya."))),
    Story("info-biaya", 60, "informasi-layanan",
          "Di loket disebutkan ada biaya untuk SIP bidan, padahal di situs tertulis gratis. "
          "Mana yang benar?", by="anonymous",
          steps=(Step(1, "resolve", "Layanan SIP tidak dipungut biaya. Informasi di papan loket "
                                    "sudah kami perbaiki."),)),
    Story("pungli-loket", 58, "pungutan-liar",
          "Ada oknum yang menawarkan jasa mempercepat izin dengan imbalan uang di depan kantor "
          "pelayanan, mengaku kenal dengan petugas di dalam.", by="contact",
          contact=("", "", "081366554433"), lapor="LAP-2026-118734",
          steps=(ACK, Step(3, "answer", "Inspektorat telah menurunkan tim untuk memeriksa "
                                        "laporan ini; identitas pelapor dirahasiakan."),
                 Step(12, "resolve", "Pemeriksaan selesai; oknum bukan pegawai dan telah "
                                     "dilaporkan ke kepolisian. Papan peringatan anti-pungli "
                                     "dipasang di pintu masuk."))),
    Story("parkir-liar", 55, "sarana-pelayanan",
          "Juru parkir di halaman kantor pelayanan memungut Rp5.000 padahal tidak ada karcis.",
          by="anonymous",
          steps=(ACK, Step(2, "unresolved", "Halaman parkir berada di lahan milik pihak ketiga "
                                            "dan di luar pengelolaan kantor; kami telah "
                                            "menyurati pemilik lahan namun belum ada tanggapan."
                           ))),
    Story("tiang-listrik", 52, "pelanggaran-izin",
          "Tiang listrik miring dan kabelnya menjuntai rendah di depan SD, sangat berbahaya "
          "bagi anak-anak.", "Jawa Kanan", by="open311",
          contact=("Dedi", "dedi.warga@contoh.demo", ""), point=("-3.2921", "102.8846"),
          steps=(Step(1, "not_responsible", "Jaringan listrik dikelola PLN; laporan Anda sudah "
                                             "kami teruskan ke PLN.",
                      to="PLN UP3 Lubuklinggau"),)),
    Story("cuci-mobil", 50, "pelanggaran-izin",
          "Usaha cuci mobil di dekat rumah membuang air limbah sabun langsung ke selokan dan "
          "sungai kecil di belakang.", "Taba Jemekeh", by="contact",
          contact=("Rosmawati", "rosmawati@contoh.demo", "085266778899"), photos=1,
          steps=(ACK, Step(1, "approve_photos"),
                 Step(2, "forward", "Pencemaran air limbah adalah kewenangan Dinas Lingkungan "
                                    "Hidup.", to="DLH"),
                 Step(5, "answer", "Petugas DLH telah meninjau lokasi dan memberi teguran "
                                   "tertulis kepada pemilik usaha."),
                 Step(9, "resolve", "Pemilik usaha telah membuat bak penampung limbah sesuai "
                                    "arahan DLH."))),
    Story("antrean-1", 47, "sarana-pelayanan",
          "Mesin antrean di MPP rusak sejak pagi sehingga warga berdesakan di depan loket.",
          by="counter", contact=("Ibu Ratna", "", "082177665544"),
          steps=(Step(0, "resolve", "Mesin antrean sudah diperbaiki siang ini; sementara itu "
                                    "nomor antrean dibagikan manual.", hour=14),)),
    Story("antrean-2", 47, "sarana-pelayanan",
          "Mesin antrean rusak dan tidak ada petugas yang mengatur, antrean kacau.",
          by="anonymous", hour=11,
          steps=(Step(0, "duplicate", "Masalah yang sama sudah ditangani pada pengaduan lain.",
                      to="antrean-1", hour=13),)),
    Story("situs-lambat", 44, "sistem-daring",
          "Situs perizinan tidak bisa dibuka sejak kemarin, selalu muncul pesan galat.",
          by="open311", contact=("", "andi.p@contoh.demo", ""),
          steps=(Step(1, "resolve", "Gangguan server telah diatasi; layanan daring kembali "
                                    "normal."),)),
    Story("petugas-kasar", 41, "perilaku-petugas",
          "Petugas di loket 3 berbicara dengan nada kasar kepada ibu-ibu lanjut usia yang "
          "bertanya soal persyaratan.", by="contact",
          contact=("Hendri", "hendri@contoh.demo", ""),
          steps=(ACK, Step(2, "answer", "Kami telah memanggil petugas yang bersangkutan untuk "
                                        "dibina oleh atasannya."),
                 Step(5, "resolve", "Petugas telah diberi teguran dan mengikuti pelatihan "
                                    "pelayanan prima."))),
    Story("reklame", 38, "pelanggaran-izin",
          "Papan reklame besar berdiri di trotoar tanpa izin dan menutupi jalan pejalan kaki.",
          "Pasar Permiri", by="open311", contact=("Yusuf", "", "081355500011"),
          lapor="LAP-2026-120551",
          steps=(ACK, Step(3, "answer", "Tim PUPR sudah memeriksa; reklame tidak memiliki izin "
                                        "dan pemiliknya diberi waktu 7 hari untuk membongkar."),
                 Step(10, "resolve", "Reklame telah dibongkar oleh pemiliknya."))),
    Story("imb-tetangga", 35, "pelanggaran-izin",
          "Bangunan tetangga menutup saluran air sehingga halaman kami banjir setiap hujan.",
          "Lubuk Tanjung", by="contact", contact=("Sri", "sri.h@contoh.demo", ""),
          steps=(ACK, Step(4, "unresolved", "Setelah pemeriksaan, bangunan sesuai PBG dan "
                                            "sengketa saluran adalah perkara perdata antar "
                                            "warga; silakan dimediasikan melalui kelurahan."))),
    Story("loket-tutup", 32, "perilaku-petugas",
          "Loket pelayanan sudah tutup pukul 13.00 padahal jadwal sampai 15.00, dasar petugas "
          "malas semua dan tidak tahu diri!", by="anonymous",
          steps=(Step(1, "hide", "Mengandung kata-kata yang merendahkan; isi pokok tetap "
                                 "ditangani."),
                 Step(1, "acknowledge", "Terima kasih, kami periksa jadwal petugas hari itu."),
                 Step(3, "resolve", "Pada hari itu ada rapat mendadak; ke depan loket tetap "
                                    "dijaga petugas pengganti sampai jam layanan berakhir."))),
    Story("sertifikat-halal", 29, "informasi-layanan",
          "Saya ingin mengurus sertifikat halal untuk usaha kue, tapi di katalog tidak ada "
          "layanannya.", by="applicant",
          steps=(Step(1, "not_responsible", "Sertifikat halal diterbitkan oleh BPJPH "
                                             "Kementerian Agama melalui ptsp.halal.go.id; "
                                             "kami bantu arahkan di loket konsultasi.",
                      to="BPJPH Kementerian Agama"),)),
    Story("upload-gagal", 26, "sistem-daring",
          "Unggahan dokumen PDF selalu gagal padahal ukurannya hanya 1 MB.", by="applicant",
          steps=(Step(1, "resolve", "Batas unggahan sempat salah diatur; sudah diperbaiki. "
                                    "Silakan coba lagi."),
                 Step(3, "reopen", "Masih gagal untuk file hasil pindaian dari ponsel."),
                 Step(4, "answer", "Kami sedang menguji file hasil pindaian dari beberapa "
                                   "aplikasi ponsel."))),
    Story("ruang-tunggu", 23, "sarana-pelayanan",
          "Ruang tunggu panas, kipas angin mati semua, dan tidak ada kursi roda.",
          by="counter", contact=("Pak Mulyadi", "", ""),
          steps=(ACK, Step(2, "answer", "Pengadaan pendingin ruangan dan kursi roda sudah kami "
                                        "ajukan dalam anggaran perubahan."),
                 Step(6, "unresolved", "Anggaran perubahan belum disahkan; kipas angin sudah "
                                       "diperbaiki, kursi roda menunggu pengadaan tahun "
                                       "depan."))),
    Story("genangan", 20, "pelanggaran-izin",
          "Proyek perumahan baru menimbun rawa sehingga jalan lingkungan tergenang.",
          "Tanah Periuk", by="contact", contact=("Junaidi", "junaidi@contoh.demo", ""),
          photos=1, point=("-3.3190", "102.8901"),
          steps=(ACK, Step(1, "approve_photos"),
                 Step(2, "forward", "Penimbunan rawa dan dampak lingkungannya ditangani DLH.",
                      to="DLH"))),
    Story("lambat-pbg", 18, "layanan-lambat",
          "Permohonan saya dikembalikan dua kali dengan alasan yang berbeda-beda.",
          by="applicant", reference=True, lapor="LAP-2026-125090",
          steps=(ACK, Step(2, "answer", "Kami telah meminta verifikator mencantumkan semua "
                                        "kekurangan sekaligus; berkas Anda kami pantau."))),
    Story("tanpa-kabar", 15, "layanan-lambat",
          "Sudah dua minggu tidak ada kabar soal permohonan izin reklame saya.",
          by="open311", contact=("Rahmat", "rahmat@contoh.demo", ""),
          steps=(ACK, Step(2, "duplicate", "Berkas yang sama sudah ditangani pada pengaduan "
                                           "lain.", to="lambat-siup"))),
    Story("pemohon-loket", 12, "perilaku-petugas",
          "Petugas meminta saya kembali besok hanya karena fotokopi KTP kurang satu lembar, "
          "padahal bisa difotokopi di tempat.", by="applicant",
          steps=(ACK, Step(2, "answer", "Kami sudah menyediakan layanan fotokopi gratis di "
                                        "loket informasi."),
                 Step(7, "resolve", "Petugas telah diingatkan untuk membantu melengkapi "
                                    "salinan dokumen di tempat."))),
    Story("jadwal-survei", 10, "informasi-layanan",
          "Jadwal survei lapangan untuk izin saya tidak pernah diberitahukan.",
          by="contact", contact=("", "warga.bertanya@contoh.demo", ""),
          steps=(ACK, Step(1, "answer", "Jadwal survei kini dikirim melalui surel dan pesan "
                                        "singkat tiga hari sebelumnya."))),
    Story("sop-berbeda", 8, "layanan-lambat",
          "Persyaratan yang diminta petugas berbeda dengan yang tercantum di standar pelayanan.",
          by="counter", contact=("Bu Yanti", "", "081211223344"),
          steps=(ACK, Step(1, "resolve", "Petugas sudah diarahkan memakai daftar persyaratan "
                                         "resmi; persyaratan tambahan dibatalkan."),
                 Step(3, "reopen", "Hari ini saya kembali diminta surat keterangan domisili."),
                 )),
    Story("jalan-rusak", 6, "pelanggaran-izin",
          "Truk proyek gudang merusak jalan lingkungan dan tidak ada perbaikan.", "Sidorejo",
          by="anonymous",
          steps=(ACK, Step(2, "answer", "PUPR telah memanggil pengembang untuk memperbaiki "
                                        "jalan sesuai kewajiban dalam izinnya."))),
    Story("pemohon-selesai", 5, "informasi-layanan",
          "Di situs tidak dijelaskan berapa lama SIP apoteker diproses.", by="applicant",
          steps=(ACK, Step(2, "resolve", "Waktu penyelesaian (5 hari kerja) kini tampil di "
                                         "halaman layanan dan di papan loket."))),
    Story("wifi", 4, "sarana-pelayanan", "Wi-Fi gratis di ruang tunggu tidak bisa dipakai.",
          by="open311", contact=("", "", "081300112233"),
          steps=(ACK,)),
    Story("pungli-2", 3, "pungutan-liar",
          "Saya diminta 'uang rokok' saat pengambilan izin di loket penyerahan.",
          by="anonymous", lapor="LAP-2026-129977",
          steps=(ACK,)),
    Story("petugas-absen", 2, "perilaku-petugas",
          "Petugas loket informasi tidak ada di tempat selama satu jam pada jam layanan.",
          by="contact", contact=("Lina Marlina", "lina@contoh.demo", "")),
    Story("dokumen-unduh", 1, "sistem-daring",
          "Izin yang sudah terbit tidak bisa diunduh, tautannya kedaluwarsa.", by="applicant"),
    Story("toilet", 0, "sarana-pelayanan",
          "Toilet pengunjung di lantai dua terkunci sepanjang hari.", by="anonymous", hour=8),
    Story("bengkel", 0, "pelanggaran-izin",
          "Bengkel las beroperasi sampai tengah malam di kawasan permukiman.", "Air Kuti",
          by="counter", contact=("Pak Darman", "", "081299887700"), hour=10),
]
# The demo applicant's complaint with the README's private link (resolved a few days ago,
# so the reopen form shows).
LINKED_STORY = "pemohon-selesai"


@contextmanager
def _clock_at(moment: dt.datetime) -> Iterator[None]:
    """Run with Django's clock at `moment` (demo loading only: one thread, before serving)."""
    with mock.patch.object(timezone, "now", return_value=moment):
        yield


class _Replay:
    def __init__(self, tenant: Tenant) -> None:
        self.tenant = tenant
        self.zone = ZoneInfo(tenant.timezone)
        self.calendar = working_calendar(tenant)
        # Day 0 is the last working day before today, so every step lies in the past.
        self.anchor = local_date(tenant) - dt.timedelta(days=1)
        while not self.calendar.is_working_day(self.anchor):
            self.anchor -= dt.timedelta(days=1)
        self.users = {u.username: u for u in User.objects.filter(
            tenant=tenant, username__in=[HANDLER, CLERK, APPLICANT])}
        self.agencies = {a.code: a for a in Agency.objects.filter(tenant=tenant)}
        self.kelurahan = dict(Kelurahan.objects.filter(tenant=tenant)
                              .values_list("name", "code"))
        self.client = ensure_demo_open311_client(tenant)
        reference = (Application.objects.filter(tenant=tenant, applicant=self.users[APPLICANT],
                                                tracking_number__isnull=False)
                     .order_by("pk").values_list("tracking_number", flat=True).first())
        self.reference = reference or ""
        self.filed: dict[str, Complaint] = {}

    def day(self, ago: int) -> dt.date:
        day, left = self.anchor, ago
        while left:
            day -= dt.timedelta(days=1)
            if self.calendar.is_working_day(day):
                left -= 1
        return day

    def moment(self, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=self.zone)

    def events(self) -> list[tuple[dt.datetime, int, Story, Step | None]]:
        rows: list[tuple[dt.datetime, int, Story, Step | None]] = []
        for index, story in enumerate(STORIES):
            filed = self.day(story.ago)
            rows.append((self.moment(filed, story.hour, index % 50), 0, story, None))
            for order, step in enumerate(story.steps, start=1):
                day = self.calendar.add_working_days(filed, step.after)
                # Steps of the filing day come after the filing.
                hour = max(step.hour, story.hour + 1) if step.after == 0 else step.hour
                rows.append((self.moment(day, hour, index % 50 + order), order, story, step))
        rows.sort(key=lambda row: (row[0], row[1]))
        return rows

    def file(self, story: Story, now: dt.datetime) -> Complaint:
        name, email, phone = story.contact
        photos = [SimpleUploadedFile(
            f"foto-{story.key}-{i}.jpg",
            demo_site_photo(story.text[:60], f"{now:%d/%m/%Y %H:%M} WIB", len(story.key) + i))
            for i in range(story.photos)]
        data = ComplaintInput(
            category=story.category, description=story.text, contact_name=name,
            contact_email=email, contact_phone=phone,
            kelurahan=self.kelurahan[story.kelurahan] if story.kelurahan else "",
            lat=story.point[0] if story.point else None,
            long=story.point[1] if story.point else None, agency=story.agency,
            tracking_number=self.reference if story.reference else "",
            lapor_ticket=story.lapor, photos=photos)
        actor = {"applicant": self.users[APPLICANT], "counter": self.users[CLERK]}.get(story.by)
        channel = {"counter": ComplaintChannel.COUNTER, "open311": ComplaintChannel.OPEN311}.get(
            story.by, ComplaintChannel.WEB)
        return complaint_submit(tenant=self.tenant, actor=actor, data=data, channel=channel,
                                client=self.client if story.by == "open311" else None, now=now)

    def act(self, story: Story, step: Step, now: dt.datetime) -> None:
        c = Complaint.objects.get(pk=self.filed[story.key].pk)
        h = self.users[HANDLER]
        if step.act == "acknowledge":
            handling.complaint_acknowledge(complaint=c, actor=h, text=step.text, now=now)
        elif step.act == "answer":
            handling.complaint_answer(complaint=c, actor=h, text=step.text, now=now)
        elif step.act == "forward":
            handling.complaint_forward(complaint=c, actor=h, to_agency=self.agencies[step.to],
                                       reason=step.text, now=now)
        elif step.act == "resolve":
            handling.complaint_resolve(complaint=c, actor=h, text=step.text, now=now)
        elif step.act == "unresolved":
            handling.complaint_close_unresolved(complaint=c, actor=h, reason=step.text, now=now)
        elif step.act == "not_responsible":
            handling.complaint_not_responsible(complaint=c, actor=h, responsible_body=step.to,
                                               text=step.text, now=now)
        elif step.act == "duplicate":
            handling.complaint_mark_duplicate(complaint=c, actor=h,
                                              of_number=self.filed[step.to].number,
                                              text=step.text, now=now)
        elif step.act == "hide":
            handling.complaint_hide_text(complaint=c, actor=h, reason=step.text, now=now)
        elif step.act == "approve_photos":
            for media in ComplaintMedia.objects.filter(complaint=c):
                handling.complaint_media_review(media=media, actor=h, approve=True, now=now)
        elif step.act == "reopen":
            handling.complaint_reopen(complaint=c, reason=step.text, secret=c.secret, now=now)
        else:  # pragma: no cover - a typo in STORIES
            raise ValueError(step.act)

    def run(self) -> int:
        for now, _order, story, step in self.events():
            with _clock_at(now):
                if step is None:
                    self.filed[story.key] = self.file(story, now)
                else:
                    self.act(story, step, now)
        # The README's private link (the demo's only fixed secret; every other is random).
        Complaint.objects.filter(pk=self.filed[LINKED_STORY].pk).update(secret=DEMO_SECRET)
        return len(self.filed)


def ensure_demo_complaints(tenant: Tenant) -> list[str]:
    """File the demo complaints and replay their handling, unless they exist already."""
    if Complaint.objects.filter(tenant=tenant, secret=DEMO_SECRET).exists():
        return []
    count = _Replay(tenant).run()
    return [f"demo complaints ({count})"]
