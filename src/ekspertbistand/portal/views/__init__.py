"""Pages for employers and employees, one module per topic. Thin: they read through selectors
and change through actions, and translate refusals into Norwegian messages."""

from ekspertbistand.portal.views.application import application_step, delete_draft
from ekspertbistand.portal.views.cases import case_detail, receipt, receipt_pdf, withdraw
from ekspertbistand.portal.views.consent import consent
from ekspertbistand.portal.views.eligibility import (
    eligibility_question,
    eligibility_result,
    eligibility_start,
)
from ekspertbistand.portal.views.homes import employee_home, employer_home, expert_home
from ekspertbistand.portal.views.information import answer_information, attachment
from ekspertbistand.portal.views.new_application import new_application, new_application_step
from ekspertbistand.portal.views.notices import notices
from ekspertbistand.portal.views.start import ROLE_HOME, health, home, login_page, logout_view

__all__ = [
    "ROLE_HOME", "answer_information", "application_step", "attachment", "case_detail",
    "consent", "delete_draft",
    "eligibility_question", "eligibility_result", "eligibility_start", "employee_home",
    "employer_home", "expert_home", "health", "home", "login_page", "logout_view",
    "new_application", "new_application_step", "notices", "receipt", "receipt_pdf", "withdraw",
]
