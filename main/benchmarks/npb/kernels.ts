// NPB kernels and problem classes covered by the catalog.
export const npbKernels = ['EP', 'IS', 'CG', 'MG', 'FT', 'BT', 'SP', 'LU'] as const;
export type NpbKernel = (typeof npbKernels)[number];

export const npbClasses = ['S', 'W', 'A', 'B', 'C', 'D', 'E', 'F'] as const;
export type NpbClass = (typeof npbClasses)[number];

export const npbVariants = ['serial', 'openmp', 'mpi'] as const;
export type NpbVariant = (typeof npbVariants)[number];

export const npbVersions = ['3.3', '3.4'] as const;
export type NpbVersion = (typeof npbVersions)[number];

/** Folder of a variant inside the NPB tarball, e.g. NPB3.4-MPI. */
export function npbTreeName(version: NpbVersion, variant: NpbVariant): string {
  const suffix = variant === 'serial' ? 'SER' : variant === 'openmp' ? 'OMP' : 'MPI';
  return `NPB${version}-${suffix}`;
}
