/** The route table: every resource module registers its routes here. */
import {registerAddons} from './addons.js'
import {registerApps} from './apps.js'
import {registerBuildpacks} from './buildpacks.js'
import {registerBuilds} from './builds.js'
import {registerConfigVars} from './config-vars.js'
import {type Controls, registerControl} from './control.js'
import {registerDataApi} from './data-api.js'
import {registerDomains} from './domains.js'
import {registerFeatures} from './features.js'
import {registerFormation} from './formation.js'
import {registerGenerations} from './generations.js'
import {registerGithub} from './github.js'
import {Router} from './http.js'
import {registerKolkrabbi} from './kolkrabbi.js'
import {registerLogDrains} from './log-drains.js'
import {registerOciImages} from './oci-images.js'
import {registerPipelines} from './pipelines.js'
import {registerPromotions} from './promotions.js'
import {registerReleases} from './releases.js'
import {registerReviewApps} from './review-apps.js'
import {registerSpaces} from './spaces.js'
import {registerTelemetryDrains} from './telemetry-drains.js'
import {registerWeb} from './web.js'

export function buildRouter(controls?: Controls): Router {
  const router = new Router()
  if (controls) registerControl(router, controls)
  registerApps(router)
  registerConfigVars(router)
  registerAddons(router)
  registerReleases(router)
  registerPipelines(router)
  registerFormation(router)
  registerBuildpacks(router)
  registerFeatures(router)
  registerDomains(router)
  registerLogDrains(router)
  registerDataApi(router)
  registerKolkrabbi(router)
  registerGithub(router)
  registerReviewApps(router)
  registerPromotions(router)
  registerBuilds(router)
  registerWeb(router)
  registerSpaces(router)
  registerGenerations(router)
  registerTelemetryDrains(router)
  registerOciImages(router)
  return router
}
