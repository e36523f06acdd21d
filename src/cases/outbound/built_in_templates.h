// The texts of the built-in notice templates (see notice_templates.h for the file format and
// the placeholders), kept apart from the code that loads and renders them. Private to
// cases/outbound.
#pragma once

#include <string_view>

namespace clearhost::cases::outbound {

struct BuiltInTemplate {
  std::string_view key;  // "<kind>.<language>"
  std::string_view text;
};

inline constexpr BuiltInTemplate kBuiltInTemplates[] = {
    {"notice.en",
     R"(Subject: Abuse notice {{case_id}}: illegal content on your service, action required

Dear customer,

We received a notice that the following URL(s) on your service host child
sexual abuse material:

{{urls}}

IP address: {{ip}}
Notice received: {{received_at}}
Our case number: {{case_id}}

Remove this material before {{deadline}} and keep no copies. Please reply to
this e-mail once it is done. If the material is still reachable after the
deadline, we will disable access to it ourselves, as the law requires of us.

Do not open or download the material to check it: the URLs and hashes are
enough to find it. The attached xarf.json lists them in machine-readable form
(XARF).

Kind regards,
Abuse desk
)"},
    {"notice.nl", R"(Subject: Melding {{case_id}}: illegale inhoud op uw dienst, actie vereist

Geachte klant,

Wij hebben een melding ontvangen dat de volgende URL('s) op uw dienst
materiaal van seksueel misbruik van kinderen bevatten:

{{urls}}

IP-adres: {{ip}}
Melding ontvangen: {{received_at}}
Ons zaaknummer: {{case_id}}

Verwijder dit materiaal vóór {{deadline}} en bewaar geen kopieën. Beantwoord
deze e-mail zodra dat gebeurd is. Is het materiaal na de termijn nog
bereikbaar, dan maken wij het zelf ontoegankelijk, zoals de wet van ons vraagt.

Open of download het materiaal niet om het te controleren: de URL's en hashes
zijn genoeg om het te vinden. Het bijgevoegde bestand xarf.json bevat ze in
machineleesbare vorm (XARF).

Met vriendelijke groet,
Abuse-afdeling
)"},
    {"renotice.en",
     R"(Subject: Reminder {{notice_count}} for case {{case_id}}: illegal content still reachable

Dear customer,

On {{received_at}} we informed you that the following URL(s) on your service
host child sexual abuse material:

{{urls}}

IP address: {{ip}}

The material is still reachable. This is reminder {{notice_count}}. Remove it
before {{deadline}} (time left: {{time_left}}) and keep no copies. After the
deadline we will disable access to it ourselves.

Our case number: {{case_id}}

Kind regards,
Abuse desk
)"},
    {"renotice.nl",
     R"(Subject: Herinnering {{notice_count}} voor zaak {{case_id}}: illegale inhoud nog bereikbaar

Geachte klant,

Op {{received_at}} hebben wij u gemeld dat de volgende URL('s) op uw dienst
materiaal van seksueel misbruik van kinderen bevatten:

{{urls}}

IP-adres: {{ip}}

Het materiaal is nog bereikbaar. Dit is herinnering {{notice_count}}.
Verwijder het vóór {{deadline}} (resterende tijd: {{time_left}}) en bewaar geen
kopieën. Na de termijn maken wij het zelf ontoegankelijk.

Ons zaaknummer: {{case_id}}

Met vriendelijke groet,
Abuse-afdeling
)"},
    {"escalation.en", R"(Subject: Escalation: case {{case_id}} due {{deadline}} ({{time_left}} left)

Case {{case_id}} needs a person: {{reason}}.
The content has not been removed yet.

Customer: {{customer}}
State: {{state}}
Deadline: {{deadline}} (time left: {{time_left}})
Notice received: {{received_at}}
Notices sent to the customer: {{notice_count}}
IP address: {{ip}}
URL(s):
{{urls}}

Disable access to the content before the deadline if the customer does not
act in time, and record the action in the case.
)"},
    {"escalation.nl",
     R"(Subject: Escalatie: zaak {{case_id}}, termijn {{deadline}} (nog {{time_left}})

Zaak {{case_id}} vraagt om een medewerker: {{reason}}.
De inhoud is nog niet verwijderd.

Klant: {{customer}}
Status: {{state}}
Termijn: {{deadline}} (resterende tijd: {{time_left}})
Melding ontvangen: {{received_at}}
Meldingen aan de klant: {{notice_count}}
IP-adres: {{ip}}
URL('s):
{{urls}}

Maak de inhoud vóór de termijn ontoegankelijk als de klant niet op tijd
handelt, en leg de maatregel vast in de zaak.
)"},
    {"decision.en", R"(Subject: Decision on your notice {{report_id}} (our case {{case_id}})

Dear {{reporter_org}},

Thank you for your notice {{report_id}}, received on {{received_at}}, about:

{{urls}}

Our decision: {{decision}}
Reason: {{reason}}
Case state: {{state}}

This message informs you of our decision on your notice, as Article 16(5) of
the Digital Services Act (Regulation (EU) 2022/2065) requires. If you disagree
with it, reply to this e-mail quoting our case number {{case_id}}; you may also
bring the matter before a court.

Kind regards,
Abuse desk
)"},
    {"decision.nl", R"(Subject: Besluit over uw melding {{report_id}} (onze zaak {{case_id}})

Geachte {{reporter_org}},

Dank voor uw melding {{report_id}}, ontvangen op {{received_at}}, over:

{{urls}}

Ons besluit: {{decision}}
Reden: {{reason}}
Status van de zaak: {{state}}

Met dit bericht informeren wij u over ons besluit over uw melding, zoals
artikel 16, lid 5, van de digitaledienstenverordening (Verordening (EU)
2022/2065) vereist. Bent u het er niet mee eens, beantwoord dan deze e-mail
met vermelding van ons zaaknummer {{case_id}}; u kunt de zaak ook aan de
rechter voorleggen.

Met vriendelijke groet,
Abuse-afdeling
)"},
};

}  // namespace clearhost::cases::outbound
