export declare function exampleCommand(readme: string): string[] | undefined;
