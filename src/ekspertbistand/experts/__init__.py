"""The experts register: providers (organisations), the experts who work for them, their
competence, approved education or authorisation and the counties they serve; the neutral public
list; NAV's check of the qualification."""
