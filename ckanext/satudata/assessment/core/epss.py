"""The EPSS indicator list (Peraturan BPS 3/2022; 5 domains, 19 aspects, 38 indicators) with the
effective share of each indicator in the IPS (domain % x aspect % x indicator %), as compiled
in ``docs/epss.md``. Used to label the portal indicators with the EPSS indicator they evidence
and to weight the manual indicators the walidata enters for aspects no data can show (pure).
"""

from __future__ import annotations

from dataclasses import dataclass

LEVEL_NAMES = {
    1: {"id": "Rintisan", "en": "Initial"},
    2: {"id": "Terkelola", "en": "Managed"},
    3: {"id": "Terdefinisi", "en": "Defined"},
    4: {"id": "Terpadu", "en": "Integrated"},
    5: {"id": "Optimum", "en": "Optimum"},
}

DOMAINS = {
    "1": {"id": "Prinsip Satu Data Indonesia", "en": "Satu Data Indonesia principles"},
    "2": {"id": "Kualitas Data", "en": "Data quality"},
    "3": {"id": "Proses Bisnis Statistik", "en": "Statistical business process"},
    "4": {"id": "Kelembagaan", "en": "Institutions"},
    "5": {"id": "Statistik Nasional", "en": "National statistics"},
}


@dataclass(frozen=True)
class EpssIndicator:
    code: str
    name: str  # Indonesian name as in the LKE
    share: float  # effective % of the IPS
    portal: str  # A = automatable, P = partial, M = manual evidence only

    @property
    def domain(self) -> str:
        return self.code[0]


INDICATORS: tuple[EpssIndicator, ...] = (
    EpssIndicator("10101", "Penerapan Standar Data Statistik (SDS)", 7.00, "P"),
    EpssIndicator("10201", "Penerapan Metadata Statistik", 7.00, "A"),
    EpssIndicator("10301", "Penerapan Interoperabilitas Data", 7.00, "A"),
    EpssIndicator("10401", "Penerapan Kode Referensi", 7.00, "A"),
    EpssIndicator("20101", "Relevansi Data terhadap Pengguna", 3.02, "P"),
    EpssIndicator("20102", "Proses Identifikasi Kebutuhan Data", 2.02, "M"),
    EpssIndicator("20201", "Penilaian Akurasi Data", 3.84, "P"),
    EpssIndicator("20301", "Penjaminan Aktualitas Data", 2.52, "A"),
    EpssIndicator("20302", "Pemantauan Ketepatan Waktu Diseminasi", 2.52, "A"),
    EpssIndicator("20401", "Ketersediaan Data untuk Pengguna Data", 1.71, "A"),
    EpssIndicator("20402", "Akses Media Penyebarluasan Data", 1.66, "P"),
    EpssIndicator("20403", "Penyediaan Format Data", 1.66, "A"),
    EpssIndicator("20501", "Keterbandingan Data", 2.52, "P"),
    EpssIndicator("20502", "Konsistensi Statistik", 2.52, "P"),
    EpssIndicator("30101", "Pendefinisian Kebutuhan Statistik", 2.01, "M"),
    EpssIndicator("30102", "Desain Statistik", 2.01, "M"),
    EpssIndicator("30103", "Penyiapan Instrumen", 2.07, "M"),
    EpssIndicator("30201", "Proses Pengumpulan Data / Akuisisi Data", 4.94, "M"),
    EpssIndicator("30301", "Pengolahan Data", 2.00, "M"),
    EpssIndicator("30302", "Analisis Data", 2.00, "P"),
    EpssIndicator("30401", "Diseminasi Data", 3.99, "A"),
    EpssIndicator("40101", "Penjaminan Transparansi Informasi Statistik", 1.49, "P"),
    EpssIndicator(
        "40102",
        "Penjaminan Netralitas dan Objektivitas terhadap Penggunaan Sumber Data dan Metodologi",
        1.49,
        "M",
    ),
    EpssIndicator("40103", "Penjaminan Kualitas Data", 1.49, "P"),
    EpssIndicator("40104", "Penjaminan Konfidensialitas Data", 1.49, "P"),
    EpssIndicator("40201", "Penerapan Kompetensi SDM Bidang Statistik", 2.55, "M"),
    EpssIndicator("40202", "Penerapan Kompetensi SDM Bidang Manajemen Data", 2.55, "M"),
    EpssIndicator("40301", "Kolaborasi Penyelenggaraan Kegiatan Statistik", 1.49, "M"),
    EpssIndicator("40302", "Penyelenggaraan Forum Satu Data Indonesia", 1.49, "M"),
    EpssIndicator("40303", "Kolaborasi dengan Pembina Data Statistik", 1.49, "M"),
    EpssIndicator("40304", "Penyelenggaraan Pelaksanaan Tugas sebagai Walidata", 1.49, "P"),
    EpssIndicator(
        "50101",
        "Penggunaan Data Statistik Dasar untuk Perencanaan, Monitoring dan Evaluasi, dan/atau Penyusunan Kebijakan",
        1.39,
        "M",
    ),
    EpssIndicator(
        "50102",
        "Penggunaan Data Statistik Sektoral untuk Perencanaan, Monitoring dan Evaluasi, dan/atau Penyusunan Kebijakan",
        1.35,
        "M",
    ),
    EpssIndicator("50103", "Sosialisasi dan Literasi Data Statistik", 1.35, "P"),
    EpssIndicator("50201", "Pelaksanaan Rekomendasi Kegiatan Statistik (Romantik)", 3.96, "P"),
    EpssIndicator("50301", "Perencanaan Pembangunan Statistik", 1.31, "M"),
    EpssIndicator("50302", "Penyebarluasan Data", 1.31, "A"),
    EpssIndicator("50303", "Pemanfaatan Big Data", 1.35, "M"),
)

BY_CODE: dict[str, EpssIndicator] = {i.code: i for i in INDICATORS}


def level_name(level: int, lang: str = "id") -> str:
    return LEVEL_NAMES.get(int(level), {}).get(lang, "")
