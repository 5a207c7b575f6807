/**
 * Passwords every attacker tries first: the most frequent ones of the public leak lists
 * (RockYou, the 2011 CSDN/天涯 leaks, annual "worst password" lists), lower case. A password
 * equal to one of these — or one of these followed by digits and punctuation — is refused.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `
123456 123456789 12345678 1234567890 12345 1234567 password password1 qwerty qwerty123 qwertyuiop
abc123 111111 000000 123123 666666 888888 88888888 11111111 00000000 1314520 5201314 520520 521521
woaini woaini1314 woaini520 woaiwojia iloveyou iloveyou1 admin admin123 administrator root toor
letmein welcome welcome1 monkey dragon master sunshine princess football baseball shadow superman
trustno1 passw0rd p@ssw0rd p@ssword password123 qazwsx qazwsxedc 1qaz2wsx 1q2w3e4r 1q2w3e4r5t
zxcvbnm zxcvbn asdfgh asdfghjkl asdf1234 aa123456 a123456 a123456789 abc12345 abcd1234 abcdefg
123qwe qwe123 qweasd qweasdzxc 147258369 159357 7758521 7758258 147258 123654 654321 987654321
112233 121212 123321 135790 a1b2c3 a1b2c3d4 aaaaaa computer internet changeme default guest user
test test123 testtest secret secret123 login login123 jixiao jixiao123 caizheng caizhengju
zhangwei wangfang liwei woshishui nicai huanying china chinese zhongguo beijing shanghai
guangdong guangzhou shenzhen baidu tencent alibaba taobao xiaoming xiaohong dearbook
budget performance finance office office123 company company123 system system123 server
starwars whatever freedom hello hello123 hello1234 iloveyou520 lovely loveme love1314 mima
mima123 mima1234 mimamima yonghu zhanghao denglu 88888888a a88888888 q1w2e3r4 q1w2e3r4t5
`
    .split(/\s+/)
    .filter(Boolean),
);
