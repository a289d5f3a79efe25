"""`intlmon user add NAME --role R [--institution ID] --password-stdin`, `user list`, `user demo`.

Exit 1 with one line when the user cannot be made as asked (unknown role or HEI, a clerk without an
HEI, a name in use, a password the validators refuse); 2 on usage errors.
"""

from __future__ import annotations

import getpass
import json
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from intlmon.web.users import UserError, add_user, make_demo_users


class Command(BaseCommand):
    help = "Portal users: add one with a role (and a clerk's HEI), list them, create the demo users."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="a new portal user")
        add.add_argument("name")
        add.add_argument("--role", required=True, help="clerk, analyst, viewer or admin")
        add.add_argument("--institution", metavar="ID", help="a clerk's HEI (registry id)")
        add.add_argument("--password-stdin", action="store_true",
                         help="read the password from standard input (first line); else it is asked for")
        listing = actions.add_parser("list", help="every portal user with role, HEI and language")
        listing.add_argument("--format", choices=["text", "json"], default="text")
        actions.add_parser("demo", help="demo users (two clerks, analyst, viewer, admin), printed with passwords")
        token = actions.add_parser("token", help="a new API token for the user (replaces the earlier one)")
        token.add_argument("name")

    def handle(self, *args, action, **options):
        try:
            if action == "add":
                return self._add(options["name"], options["role"], options.get("institution"),
                                 options["password_stdin"])
            if action == "list":
                return self._list(options["format"])
            if action == "token":  # the API's tokens live in intlmon.api (docs/api.md)
                from intlmon.api.tokens import TokenError, issue_token

                try:
                    return self.stdout.write(issue_token(options["name"]))
                except TokenError as exc:
                    raise CommandError(str(exc)) from exc
            return self._demo()
        except UserError as exc:
            raise CommandError(str(exc)) from exc

    def _add(self, name, role, institution, password_stdin):
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        elif sys.stdin.isatty():
            password = getpass.getpass(_("Password: "))
            if password != getpass.getpass(_("Password again: ")):
                raise UserError(_("the two passwords differ"))
        else:
            raise UserError(_("no password: give it on standard input with --password-stdin"))
        user = add_user(name, role, password, institution)
        hei = f", {user.portal.institution_id}" if user.portal.institution_id else ""
        self.stdout.write(_("created user %(name)s (%(role)s%(hei)s)") % {"name": user.username, "role": role, "hei": hei})

    def _list(self, format):
        users = get_user_model().objects.select_related("portal").order_by("username")
        rows = []
        for user in users:
            profile = getattr(user, "portal", None)
            rows.append({"name": user.username, "role": profile.role if profile else "",
                         "institution": (profile.institution_id or "") if profile else "",
                         "language": profile.language if profile else "", "active": user.is_active})
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            role = row["role"] or _("(no portal role)")
            self.stdout.write(f"{row['name']:<24} {role:<8} {row['institution']:<24} {row['language']}"
                              + ("" if row["active"] else "  " + _("inactive")))

    def _demo(self):
        made = make_demo_users()
        self.stdout.write(_("Demo users (passwords are new on every run; log in at the portal's /login/):"))
        for user in made:
            self.stdout.write(f"  {user.username:<14} {user.role.value:<8} {user.institution_id or '':<28} {user.password}")
