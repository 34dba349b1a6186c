/** The name of a community (what a masked address shows), through the request's region loader. */
export interface LoadsRegions {
  loaders: { regionByCode: { load(code: string): Promise<{ name: string } | null> } };
}

export async function communityName(code: string, ctx: LoadsRegions): Promise<string> {
  return (await ctx.loaders.regionByCode.load(code))?.name ?? code;
}
