"""Reference codes every app shares: Morocco's 12 regions and the cooperative sectors.

Codes are stable identifiers (stored in the database); names are shown to people. The project
bank's reference tables are keyed on the same codes.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    # Official names exactly as DOMAIN.md gives them.
    TTA = "MA-01", _("Tanger-Tétouan-Al Hoceïma")
    ORI = "MA-02", _("L'Oriental")
    FM = "MA-03", _("Fès-Meknès")
    RSK = "MA-04", _("Rabat-Salé-Kénitra")
    BMK = "MA-05", _("Béni Mellal-Khénifra")
    CS = "MA-06", _("Casablanca-Settat")
    MSA = "MA-07", _("Marrakech-Safi")
    DT = "MA-08", _("Drâa-Tafilalet")
    SM = "MA-09", _("Souss-Massa")
    GON = "MA-10", _("Guelmim-Oued Noun")
    LSH = "MA-11", _("Laâyoune-Sakia El Hamra")
    DOD = "MA-12", _("Dakhla-Oued Ed-Dahab")


class Sector(models.TextChoices):
    AGR = "AGR", _("Agriculture and livestock")
    AGF = "AGF", _("Agri-food and terroir processing")
    ARG = "ARG", _("Argan")
    PAM = "PAM", _("Medicinal and aromatic plants")
    ART = "ART", _("Handicrafts")
    FSH = "FSH", _("Fishing")
    FOR = "FOR", _("Forestry")
    HAB = "HAB", _("Housing")
    SRV = "SRV", _("Services")
    GRN = "GRN", _("Green economy")
    DIG = "DIG", _("Digital")


class LearnerStatus(models.TextChoices):
    JOB_SEEKER = "job_seeker", _("Job seeker")
    PROJECT_HOLDER = "project_holder", _("Project holder")
    COOP_MEMBER = "coop_member", _("Cooperative member")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    """Self-declared and optional; used only, aggregated, in the office's statistics."""

    UNDISCLOSED = "undisclosed", _("Prefer not to say")
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
