// The cookie banner of Atelier Lumen, for klaro 0.7: drafted by drafter from the profile.
// Regenerate it rather than edit it: 'drafter check --banner' compares it with the
// profile, and its revision changes when a cookie does.
export default {
  "version": 1,
  "storageMethod": "cookie",
  "storageName": "lumen_consent",
  "cookieExpiresAfterDays": 183,
  "htmlTexts": false,
  "default": false,
  "optOut": false,
  "required": false,
  "mustConsent": false,
  "acceptAll": true,
  "hideDeclineAll": false,
  "hideLearnMore": false,
  "groupByPurpose": true,
  "purposeOrder": ["strictly_necessary", "preferences", "analytics"],
  "translations": {
    "zz": {
      "privacyPolicyUrl": "https://www.atelier-lumen.fr/fr/confidentialite",
      "consentNotice": {
        "title": "Cookies et traceurs",
        "description": "Nous utilisons des cookies et traceurs nécessaires au fonctionnement du site. Si vous y consentez, nous utiliserons aussi, avec nos prestataires, des cookies pour mémoriser vos choix et mesurer l'audience du site. Vous pouvez tout accepter, tout refuser ou choisir. Refuser ne vous empêche pas d'utiliser le site. Vous pouvez modifier votre choix à tout moment. Notre {privacyPolicy} vous en dit plus.",
        "changeDescription": "Les cookies que nous utilisons ont changé depuis votre dernière visite : nous vous demandons donc à nouveau votre consentement.",
        "learnMore": "Choisir"
      },
      "consentModal": {
        "title": "Paramètres des cookies et traceurs",
        "description": "Pour chaque type de cookies ci-dessous, vous trouverez à quoi il sert et quels cookies il dépose. Ceux qui nécessitent votre consentement restent désactivés tant que vous ne les activez pas."
      },
      "privacyPolicy": {
        "name": "politique de confidentialité",
        "text": "Notre {privacyPolicy} vous en dit plus."
      },
      "acceptAll": "Tout accepter",
      "acceptSelected": "Enregistrer mes choix",
      "save": "Enregistrer mes choix",
      "decline": "Tout refuser",
      "ok": "Tout accepter",
      "close": "Fermer",
      "purposes": {
        "strictly_necessary": {
          "title": "Cookies strictement nécessaires",
          "description": "Ils permettent au site de fonctionner et de vous fournir le service que vous demandez. Ils ne nécessitent pas votre consentement."
        },
        "preferences": {
          "title": "Cookies de préférences",
          "description": "Ils mémorisent vos choix, comme votre langue. Nous ne les déposons qu'avec votre consentement."
        },
        "analytics": {
          "title": "Cookies de mesure d'audience",
          "description": "Ils mesurent la façon dont les visiteurs utilisent le site, afin que nous puissions l'améliorer. Nous ne les déposons qu'avec votre consentement."
        }
      },
      "purposeItem": {"service": "service", "services": "services"},
      "service": {
        "required": {
          "title": "(toujours actif)",
          "description": "Nous déposons ces cookies sans vous demander votre consentement."
        },
        "purpose": "finalité",
        "purposes": "finalités",
        "disableAll": {
          "title": "Tout activer ou tout désactiver",
          "description": "Ce bouton active ou désactive tous les services qui nécessitent votre consentement."
        }
      }
    },
    "fr": {
      "privacyPolicyUrl": "https://www.atelier-lumen.fr/fr/confidentialite",
      "consentNotice": {
        "title": "Cookies et traceurs",
        "description": "Nous utilisons des cookies et traceurs nécessaires au fonctionnement du site. Si vous y consentez, nous utiliserons aussi, avec nos prestataires, des cookies pour mémoriser vos choix et mesurer l'audience du site. Vous pouvez tout accepter, tout refuser ou choisir. Refuser ne vous empêche pas d'utiliser le site. Vous pouvez modifier votre choix à tout moment. Notre {privacyPolicy} vous en dit plus.",
        "changeDescription": "Les cookies que nous utilisons ont changé depuis votre dernière visite : nous vous demandons donc à nouveau votre consentement.",
        "learnMore": "Choisir"
      },
      "consentModal": {
        "title": "Paramètres des cookies et traceurs",
        "description": "Pour chaque type de cookies ci-dessous, vous trouverez à quoi il sert et quels cookies il dépose. Ceux qui nécessitent votre consentement restent désactivés tant que vous ne les activez pas."
      },
      "privacyPolicy": {
        "name": "politique de confidentialité",
        "text": "Notre {privacyPolicy} vous en dit plus."
      },
      "acceptAll": "Tout accepter",
      "acceptSelected": "Enregistrer mes choix",
      "save": "Enregistrer mes choix",
      "decline": "Tout refuser",
      "ok": "Tout accepter",
      "close": "Fermer",
      "purposes": {
        "strictly_necessary": {
          "title": "Cookies strictement nécessaires",
          "description": "Ils permettent au site de fonctionner et de vous fournir le service que vous demandez. Ils ne nécessitent pas votre consentement."
        },
        "preferences": {
          "title": "Cookies de préférences",
          "description": "Ils mémorisent vos choix, comme votre langue. Nous ne les déposons qu'avec votre consentement."
        },
        "analytics": {
          "title": "Cookies de mesure d'audience",
          "description": "Ils mesurent la façon dont les visiteurs utilisent le site, afin que nous puissions l'améliorer. Nous ne les déposons qu'avec votre consentement."
        }
      },
      "purposeItem": {"service": "service", "services": "services"},
      "service": {
        "required": {
          "title": "(toujours actif)",
          "description": "Nous déposons ces cookies sans vous demander votre consentement."
        },
        "purpose": "finalité",
        "purposes": "finalités",
        "disableAll": {
          "title": "Tout activer ou tout désactiver",
          "description": "Ce bouton active ou désactive tous les services qui nécessitent votre consentement."
        }
      }
    },
    "en": {
      "privacyPolicyUrl": "https://www.atelier-lumen.fr/en/confidentialite",
      "consentNotice": {
        "title": "We use cookies",
        "description": "We use cookies that make this site work. If you agree, we and our providers would also use cookies to remember your choices and measure how visitors use the site. You can accept them all, refuse them all or choose. Refusing them does not stop you from using the site. You can change your choice at any time. Our {privacyPolicy} tells you more.",
        "changeDescription": "We have changed the cookies we use since your last visit, so we ask you again.",
        "learnMore": "Choose"
      },
      "consentModal": {
        "title": "Cookie settings",
        "description": "Each type of cookie below says what it is for and which cookies it sets. Those that need your consent stay off until you turn them on."
      },
      "privacyPolicy": {"name": "privacy policy", "text": "Our {privacyPolicy} tells you more."},
      "acceptAll": "Accept all",
      "acceptSelected": "Save my choices",
      "save": "Save my choices",
      "decline": "Refuse all",
      "ok": "Accept all",
      "close": "Close",
      "purposes": {
        "strictly_necessary": {
          "title": "Strictly necessary",
          "description": "These make the site work and provide the service you ask for. They do not need your consent."
        },
        "preferences": {
          "title": "Preferences",
          "description": "These remember your choices, such as your language. We set them only if you agree."
        },
        "analytics": {
          "title": "Analytics",
          "description": "These measure how visitors use the site, so that we can improve it. We set them only if you agree."
        }
      },
      "purposeItem": {"service": "service", "services": "services"},
      "service": {
        "required": {
          "title": "(always on)",
          "description": "We set these cookies without asking for your consent."
        },
        "purpose": "purpose",
        "purposes": "purposes",
        "disableAll": {
          "title": "Turn all on or off",
          "description": "This switch turns on or off every service that needs your consent."
        }
      }
    }
  },
  "services": [
    {
      "name": "first-party-strictly_necessary",
      "title": "Atelier Lumen SAS",
      "purposes": ["strictly_necessary"],
      "cookies": ["lumen_cart"],
      "required": true,
      "optOut": false,
      "default": false,
      "translations": {
        "zz": {"description": "Conserve le contenu de votre panier. Cookies : lumen_cart (7 jours)."},
        "fr": {"description": "Conserve le contenu de votre panier. Cookies : lumen_cart (7 jours)."},
        "en": {"description": "Keeps the contents of your basket. Cookies: lumen_cart (7 days)."}
      }
    },
    {
      "name": "stripe",
      "title": "Stripe",
      "purposes": ["strictly_necessary"],
      "cookies": ["__stripe_mid", "__stripe_sid"],
      "required": true,
      "optOut": false,
      "default": false,
      "translations": {
        "zz": {
          "description": "Reconnaît le navigateur d'un paiement à l'autre pour détecter et prévenir la fraude. Relie les étapes d'une même session de paiement pour détecter et prévenir la fraude. Cookies : __stripe_mid (1 an), __stripe_sid (30 minutes)."
        },
        "fr": {
          "description": "Reconnaît le navigateur d'un paiement à l'autre pour détecter et prévenir la fraude. Relie les étapes d'une même session de paiement pour détecter et prévenir la fraude. Cookies : __stripe_mid (1 an), __stripe_sid (30 minutes)."
        },
        "en": {
          "description": "Recognises the browser across payments to detect and prevent fraud. Links the steps of one payment session to detect and prevent fraud. Cookies: __stripe_mid (1 year), __stripe_sid (30 minutes)."
        }
      }
    },
    {
      "name": "first-party-preferences",
      "title": "Atelier Lumen SAS",
      "purposes": ["preferences"],
      "cookies": ["lumen_lang"],
      "required": false,
      "optOut": false,
      "default": false,
      "translations": {
        "zz": {
          "description": "Mémorise la langue que vous avez choisie. Cookies : lumen_lang (1 an)."
        },
        "fr": {
          "description": "Mémorise la langue que vous avez choisie. Cookies : lumen_lang (1 an)."
        },
        "en": {"description": "Remembers the language you chose. Cookies: lumen_lang (1 year)."}
      }
    },
    {
      "name": "google-analytics",
      "title": "Google Analytics",
      "purposes": ["analytics"],
      "cookies": ["_ga", /^_ga_.+$/],
      "required": false,
      "optOut": false,
      "default": false,
      "translations": {
        "zz": {
          "description": "Distingue les visiteurs pour les statistiques d'audience. Conserve l'état de la session de visite pour les statistiques d'audience. Cookies : _ga (2 ans), _ga_* (2 ans)."
        },
        "fr": {
          "description": "Distingue les visiteurs pour les statistiques d'audience. Conserve l'état de la session de visite pour les statistiques d'audience. Cookies : _ga (2 ans), _ga_* (2 ans)."
        },
        "en": {
          "description": "Distinguishes visitors for audience statistics. Keeps track of the visit session for audience statistics. Cookies: _ga (2 years), _ga_* (2 years)."
        }
      }
    },
    {
      "name": "cookie-choices-r4000851501",
      "purposes": ["strictly_necessary"],
      "cookies": ["lumen_consent"],
      "required": true,
      "optOut": false,
      "default": false,
      "translations": {
        "zz": {
          "title": "Vos choix en matière de cookies",
          "description": "Mémorise vos choix en matière de cookies. Cookies : lumen_consent (6 mois)."
        },
        "fr": {
          "title": "Vos choix en matière de cookies",
          "description": "Mémorise vos choix en matière de cookies. Cookies : lumen_consent (6 mois)."
        },
        "en": {
          "title": "Your cookie choices",
          "description": "Remembers your cookie choices. Cookies: lumen_consent (6 months)."
        }
      }
    }
  ]
};
