// The cookie banner of Atelier Lumen, for vanilla-cookieconsent 3: drafted by drafter from the profile.
// Regenerate it rather than edit it: 'drafter check --banner' compares it with the
// profile, and its revision changes when a cookie does.
export default {
  "revision": 4000851501,
  "mode": "opt-in",
  "manageScriptTags": true,
  "autoClearCookies": true,
  "cookie": {"name": "lumen_consent", "expiresAfterDays": 183},
  "guiOptions": {
    "consentModal": {"equalWeightButtons": true},
    "preferencesModal": {"equalWeightButtons": true}
  },
  "categories": {
    "strictly_necessary": {
      "enabled": true,
      "readOnly": true,
      "services": {
        "first-party-strictly_necessary": {
          "label": "Atelier Lumen SAS",
          "cookies": [{"name": "lumen_cart"}, {"name": "lumen_consent"}]
        },
        "stripe": {"label": "Stripe", "cookies": [{"name": "__stripe_mid"}, {"name": "__stripe_sid"}]}
      }
    },
    "preferences": {
      "enabled": false,
      "readOnly": false,
      "autoClear": {"cookies": [{"name": "lumen_lang"}]},
      "services": {
        "first-party-preferences": {"label": "Atelier Lumen SAS", "cookies": [{"name": "lumen_lang"}]}
      }
    },
    "analytics": {
      "enabled": false,
      "readOnly": false,
      "autoClear": {"cookies": [{"name": "_ga"}, {"name": /^_ga_.+$/}]},
      "services": {
        "google-analytics": {"label": "Google Analytics", "cookies": [{"name": "_ga"}, {"name": /^_ga_.+$/}]}
      }
    }
  },
  "language": {
    "default": "fr",
    "autoDetect": "document",
    "translations": {
      "fr": {
        "consentModal": {
          "title": "Cookies et traceurs",
          "description": "Nous utilisons des cookies et traceurs nécessaires au fonctionnement du site. Si vous y consentez, nous utiliserons aussi, avec nos prestataires, des cookies pour mémoriser vos choix et mesurer l'audience du site. Vous pouvez tout accepter, tout refuser ou choisir. Refuser ne vous empêche pas d'utiliser le site. Vous pouvez modifier votre choix à tout moment. {{revisionMessage}}",
          "revisionMessage": "Les cookies que nous utilisons ont changé depuis votre dernière visite : nous vous demandons donc à nouveau votre consentement.",
          "acceptAllBtn": "Tout accepter",
          "acceptNecessaryBtn": "Tout refuser",
          "showPreferencesBtn": "Choisir",
          "footer": "<a href=\"https://www.atelier-lumen.fr/fr/confidentialite\">Politique de confidentialité</a>"
        },
        "preferencesModal": {
          "title": "Paramètres des cookies et traceurs",
          "acceptAllBtn": "Tout accepter",
          "acceptNecessaryBtn": "Tout refuser",
          "savePreferencesBtn": "Enregistrer mes choix",
          "closeIconLabel": "Fermer",
          "serviceCounterLabel": "service|services",
          "sections": [
            {
              "title": "Vos choix",
              "description": "Pour chaque type de cookies ci-dessous, vous trouverez à quoi il sert et quels cookies il dépose. Ceux qui nécessitent votre consentement restent désactivés tant que vous ne les activez pas."
            },
            {
              "title": "Cookies strictement nécessaires",
              "description": "Ils permettent au site de fonctionner et de vous fournir le service que vous demandez. Ils ne nécessitent pas votre consentement.",
              "linkedCategory": "strictly_necessary",
              "cookieTable": {
                "headers": {
                  "name": "Nom",
                  "provider": "Fournisseur",
                  "purpose": "Finalité",
                  "duration": "Durée",
                  "type": "Type"
                },
                "body": [
                  {
                    "name": "lumen_cart",
                    "provider": "Atelier Lumen SAS",
                    "purpose": "Conserve le contenu de votre panier",
                    "duration": "7 jours",
                    "type": "Cookie propriétaire"
                  },
                  {
                    "name": "lumen_consent",
                    "provider": "Atelier Lumen SAS",
                    "purpose": "Mémorise vos choix en matière de cookies",
                    "duration": "6 mois",
                    "type": "Cookie propriétaire"
                  },
                  {
                    "name": "__stripe_mid",
                    "provider": "Stripe",
                    "purpose": "Reconnaît le navigateur d'un paiement à l'autre pour détecter et prévenir la fraude",
                    "duration": "1 an",
                    "type": "Cookie propriétaire"
                  },
                  {
                    "name": "__stripe_sid",
                    "provider": "Stripe",
                    "purpose": "Relie les étapes d'une même session de paiement pour détecter et prévenir la fraude",
                    "duration": "30 minutes",
                    "type": "Cookie propriétaire"
                  }
                ]
              }
            },
            {
              "title": "Cookies de préférences",
              "description": "Ils mémorisent vos choix, comme votre langue. Nous ne les déposons qu'avec votre consentement.",
              "linkedCategory": "preferences",
              "cookieTable": {
                "headers": {
                  "name": "Nom",
                  "provider": "Fournisseur",
                  "purpose": "Finalité",
                  "duration": "Durée",
                  "type": "Type"
                },
                "body": [
                  {
                    "name": "lumen_lang",
                    "provider": "Atelier Lumen SAS",
                    "purpose": "Mémorise la langue que vous avez choisie",
                    "duration": "1 an",
                    "type": "Cookie propriétaire"
                  }
                ]
              }
            },
            {
              "title": "Cookies de mesure d'audience",
              "description": "Ils mesurent la façon dont les visiteurs utilisent le site, afin que nous puissions l'améliorer. Nous ne les déposons qu'avec votre consentement.",
              "linkedCategory": "analytics",
              "cookieTable": {
                "headers": {
                  "name": "Nom",
                  "provider": "Fournisseur",
                  "purpose": "Finalité",
                  "duration": "Durée",
                  "type": "Type"
                },
                "body": [
                  {
                    "name": "_ga",
                    "provider": "Google Analytics",
                    "purpose": "Distingue les visiteurs pour les statistiques d'audience",
                    "duration": "2 ans",
                    "type": "Cookie propriétaire"
                  },
                  {
                    "name": "_ga_*",
                    "provider": "Google Analytics",
                    "purpose": "Conserve l'état de la session de visite pour les statistiques d'audience",
                    "duration": "2 ans",
                    "type": "Cookie propriétaire"
                  }
                ]
              }
            },
            {
              "title": "En savoir plus",
              "description": "Notre <a href=\"https://www.atelier-lumen.fr/fr/confidentialite\">politique de confidentialité</a> indique qui nous sommes, ce que nous faisons de vos données et quels sont vos droits. Dans un nom, « * » remplace un identifiant qui varie d'un site à l'autre ou d'une visite à l'autre."
            }
          ]
        }
      },
      "en": {
        "consentModal": {
          "title": "We use cookies",
          "description": "We use cookies that make this site work. If you agree, we and our providers would also use cookies to remember your choices and measure how visitors use the site. You can accept them all, refuse them all or choose. Refusing them does not stop you from using the site. You can change your choice at any time. {{revisionMessage}}",
          "revisionMessage": "We have changed the cookies we use since your last visit, so we ask you again.",
          "acceptAllBtn": "Accept all",
          "acceptNecessaryBtn": "Refuse all",
          "showPreferencesBtn": "Choose",
          "footer": "<a href=\"https://www.atelier-lumen.fr/en/confidentialite\">Privacy policy</a>"
        },
        "preferencesModal": {
          "title": "Cookie settings",
          "acceptAllBtn": "Accept all",
          "acceptNecessaryBtn": "Refuse all",
          "savePreferencesBtn": "Save my choices",
          "closeIconLabel": "Close",
          "serviceCounterLabel": "service|services",
          "sections": [
            {
              "title": "Your choices",
              "description": "Each type of cookie below says what it is for and which cookies it sets. Those that need your consent stay off until you turn them on."
            },
            {
              "title": "Strictly necessary",
              "description": "These make the site work and provide the service you ask for. They do not need your consent.",
              "linkedCategory": "strictly_necessary",
              "cookieTable": {
                "headers": {
                  "name": "Name",
                  "provider": "Provider",
                  "purpose": "Purpose",
                  "duration": "Duration",
                  "type": "Type"
                },
                "body": [
                  {
                    "name": "lumen_cart",
                    "provider": "Atelier Lumen SAS",
                    "purpose": "Keeps the contents of your basket",
                    "duration": "7 days",
                    "type": "First-party"
                  },
                  {
                    "name": "lumen_consent",
                    "provider": "Atelier Lumen SAS",
                    "purpose": "Remembers your cookie choices",
                    "duration": "6 months",
                    "type": "First-party"
                  },
                  {
                    "name": "__stripe_mid",
                    "provider": "Stripe",
                    "purpose": "Recognises the browser across payments to detect and prevent fraud",
                    "duration": "1 year",
                    "type": "First-party"
                  },
                  {
                    "name": "__stripe_sid",
                    "provider": "Stripe",
                    "purpose": "Links the steps of one payment session to detect and prevent fraud",
                    "duration": "30 minutes",
                    "type": "First-party"
                  }
                ]
              }
            },
            {
              "title": "Preferences",
              "description": "These remember your choices, such as your language. We set them only if you agree.",
              "linkedCategory": "preferences",
              "cookieTable": {
                "headers": {
                  "name": "Name",
                  "provider": "Provider",
                  "purpose": "Purpose",
                  "duration": "Duration",
                  "type": "Type"
                },
                "body": [
                  {
                    "name": "lumen_lang",
                    "provider": "Atelier Lumen SAS",
                    "purpose": "Remembers the language you chose",
                    "duration": "1 year",
                    "type": "First-party"
                  }
                ]
              }
            },
            {
              "title": "Analytics",
              "description": "These measure how visitors use the site, so that we can improve it. We set them only if you agree.",
              "linkedCategory": "analytics",
              "cookieTable": {
                "headers": {
                  "name": "Name",
                  "provider": "Provider",
                  "purpose": "Purpose",
                  "duration": "Duration",
                  "type": "Type"
                },
                "body": [
                  {
                    "name": "_ga",
                    "provider": "Google Analytics",
                    "purpose": "Distinguishes visitors for audience statistics",
                    "duration": "2 years",
                    "type": "First-party"
                  },
                  {
                    "name": "_ga_*",
                    "provider": "Google Analytics",
                    "purpose": "Keeps track of the visit session for audience statistics",
                    "duration": "2 years",
                    "type": "First-party"
                  }
                ]
              }
            },
            {
              "title": "More information",
              "description": "Our <a href=\"https://www.atelier-lumen.fr/en/confidentialite\">privacy policy</a> says who we are, what we do with your data and what your rights are. In a name, \"*\" stands for an identifier that differs from site to site or from visit to visit."
            }
          ]
        }
      }
    }
  }
};
