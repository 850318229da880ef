export {type DotenvEntry, parseDotenv} from './parse.js'
export {type DotenvFile, readDotenvFile} from './read.js'
export {mergeDotenv, quoteDotenvValue, serializeDotenv} from './serialize.js'
export {type DotenvMerge} from './merge.js'
