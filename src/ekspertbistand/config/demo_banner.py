"""Prints how to reach the demo and log in as each role (used by ``make run``)."""

import sys

host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
port = sys.argv[2] if len(sys.argv) > 2 else "8000"
url = f"http://{host}:{port}"
print(f"""
Ekspertbistand kjører på {url}

Logg inn på {url}/logg-inn/ og velg en testperson:
  Arbeidsgiver       Hanne Lunde (Fjordlys Sykehjem AS, Mjøsa Trevare AS), Geir Moen, Siri Vik, Trond Aas,
                     Lise Aasen (Arendal, Lister, Birkenes: et spørsmål fra NAV venter), Kjetil Strand
  Arbeidstaker       Kari Nordmann, Per Johansen (utkast klart), Sara Ahmed (venter på samtykke) …
  Ekspert            Eva Solberg, Bjørn Rønning
  NAV-saksbehandler  Aud (NAV Arbeidslivssenter Agder), Nils (Nordland), Vera (Vestland), Ivar (Innlandet),
                     Vidar (Vikafossen); Arne (NAV Arendal), Liv (NAV Lister), Berit (NAV Birkenes),
                     Sander (NAV Sarpsborg), Vegard (NAV Vestby), Rune (NAV Rælingen), Lill (NAV Lillestrøm),
                     Bodil (NAV Bodø, innstilling); beslutter: Astrid, Nina m.fl. (se README)
  NAV-administrator  Ada Administrator (referansedata i {url}/admin/)
API: {url}/api/v1/docs (OpenAPI: {url}/api/v1/openapi.json)
Stopp med Ctrl+C.
""")
