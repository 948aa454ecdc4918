"""The statistics a generated Satu Data portal publishes (bench/generator.py): the 23 kecamatan of
Kabupaten Bekasi, the measures an agency publishes with their variables, the indicators over
them and the licences."""

from __future__ import annotations

from dataclasses import dataclass

from ckanext.satudata.metadata import codelists

# the 23 kecamatan of Kabupaten Bekasi (codes 32.16.01 .. 32.16.23), as the area code list
# (metadata/codelists/area.csv, Kemendagri) names them
KECAMATAN = [
    (entry.code, entry.label_id.removeprefix("Kecamatan "))
    for entry in codelists.load("area")
    if entry.get("level") == "kecamatan"
]


@dataclass(frozen=True)
class Measure:
    """One kind of statistic an agency publishes."""

    title: str  # "Jumlah Penduduk"
    title_en: str
    variable: str  # column / MS-Var name
    concept: str
    definition: str
    unit: str
    data_type: str  # data_type.csv
    topic: str  # topic.csv
    urusan: str  # urusan.csv
    frequency: str
    method: str  # collection_method.csv
    source: str
    tags: tuple[str, ...]


MEASURES = (
    Measure(
        "Jumlah Penduduk",
        "Population",
        "jumlah_penduduk",
        "Penduduk",
        "Orang yang berdomisili di wilayah Kabupaten Bekasi selama enam bulan atau lebih.",
        "jiwa",
        "integer",
        "2",
        "2.12",
        "semesteran",
        "kompilasi_administrasi",
        "Data Konsolidasi Bersih Disdukcapil",
        ("penduduk", "kependudukan"),
    ),
    Measure(
        "Jumlah Sekolah Dasar",
        "Primary schools",
        "jumlah_sd",
        "Sekolah dasar",
        "Satuan pendidikan formal jenjang pendidikan dasar, negeri dan swasta.",
        "unit",
        "integer",
        "5",
        "1.01",
        "tahunan",
        "kompilasi_administrasi",
        "Dapodik Dinas Pendidikan",
        ("pendidikan", "sekolah"),
    ),
    Measure(
        "Angka Partisipasi Murni SD",
        "Net enrolment ratio, primary",
        "apm_sd",
        "Angka partisipasi murni",
        "Proporsi penduduk usia 7-12 tahun yang bersekolah di SD terhadap penduduk usia 7-12 tahun.",
        "persen",
        "decimal",
        "5",
        "1.01",
        "tahunan",
        "survei",
        "Susenas dan Dapodik",
        ("pendidikan", "apm"),
    ),
    Measure(
        "Jumlah Fasilitas Kesehatan",
        "Health facilities",
        "jumlah_faskes",
        "Fasilitas pelayanan kesehatan",
        "Puskesmas, klinik dan rumah sakit yang memiliki izin operasional.",
        "unit",
        "integer",
        "9",
        "1.02",
        "tahunan",
        "kompilasi_administrasi",
        "Dinas Kesehatan",
        ("kesehatan", "faskes"),
    ),
    Measure(
        "Jumlah Kasus Stunting",
        "Stunting cases",
        "kasus_stunting",
        "Stunting",
        "Balita dengan tinggi badan menurut umur di bawah minus dua standar deviasi.",
        "orang",
        "integer",
        "9",
        "1.02",
        "bulanan",
        "kompilasi_administrasi",
        "e-PPGBM Dinas Kesehatan",
        ("kesehatan", "stunting", "gizi"),
    ),
    Measure(
        "Produksi Padi",
        "Rice production",
        "produksi_padi",
        "Produksi padi",
        "Hasil panen padi sawah dan ladang dalam bentuk gabah kering giling.",
        "ton",
        "decimal",
        "1",
        "3.27",
        "triwulanan",
        "survei",
        "Dinas Pertanian",
        ("pertanian", "padi"),
    ),
    Measure(
        "Panjang Jalan Kabupaten",
        "Length of regency roads",
        "panjang_jalan",
        "Jalan kabupaten",
        "Panjang ruas jalan berstatus jalan kabupaten menurut kondisi.",
        "km",
        "decimal",
        "22",
        "1.03",
        "tahunan",
        "kompilasi_administrasi",
        "Dinas Sumber Daya Air, Bina Marga dan Bina Konstruksi",
        ("jalan", "infrastruktur"),
    ),
    Measure(
        "Jumlah Usaha Mikro",
        "Micro enterprises",
        "jumlah_umkm",
        "Usaha mikro",
        "Usaha produktif milik perorangan dengan kekayaan bersih paling banyak Rp1 miliar.",
        "unit",
        "integer",
        "10",
        "2.17",
        "tahunan",
        "sensus",
        "Dinas Koperasi dan UKM",
        ("umkm", "ekonomi"),
    ),
    Measure(
        "Timbulan Sampah",
        "Waste generated",
        "timbulan_sampah",
        "Timbulan sampah",
        "Banyaknya sampah yang dihasilkan rumah tangga dan kawasan per hari.",
        "ton",
        "decimal",
        "6",
        "2.11",
        "bulanan",
        "cara_lain",
        "Dinas Lingkungan Hidup",
        ("sampah", "lingkungan"),
    ),
    Measure(
        "Jumlah Pencari Kerja Terdaftar",
        "Registered job seekers",
        "pencari_kerja",
        "Pencari kerja",
        "Penduduk yang mendaftarkan diri sebagai pencari kerja (kartu AK/I).",
        "orang",
        "integer",
        "13",
        "2.07",
        "bulanan",
        "kompilasi_administrasi",
        "Dinas Tenaga Kerja",
        ("tenaga kerja", "pengangguran"),
    ),
)

INDICATOR_FOR = {  # measure variable -> (indicator, concept, formula over the two variables)
    "jumlah_penduduk": ("kepadatan_penduduk", "Kepadatan penduduk", "jiwa/km2"),
    "jumlah_sd": ("rasio_sd_penduduk", "Rasio sekolah dasar per 10.000 penduduk", "unit"),
    "jumlah_faskes": ("rasio_faskes", "Rasio fasilitas kesehatan per 10.000 penduduk", "unit"),
    "produksi_padi": ("produktivitas_padi", "Produktivitas padi", "ton/ha"),
}

LICENSES = ("cc-by", "cc-by", "cc-by", "cc-by-sa", "cc-zero", "odc-by")
