// The platform providers as the wizard and the CLI see them: the pure catalog (name, technology, settings schema),
// reached here so the renderer and the CLI import it from the contract like every other schema.
export {
  checkProviderSettings,
  describeProvider,
  providerCatalog,
  providersFor,
  settingsPath,
  type ProviderDescription,
  type ProviderName,
  type SettingsIssue,
} from '../platforms/catalog.ts';
