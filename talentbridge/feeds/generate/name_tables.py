"""Raw name tables, one block per nationality, read by `names.py`.

One name part a line: `latin | kana | weight | native | kanji`, trailing fields optional.

- latin: the passport spelling first, then other romanisations in use (`Lee/Yi/Rhee`).
- kana: the reading Japanese agencies usually write first, then readings also seen
  (`ワン/オウ` for 王: Mandarin-style and Japanese on'yomi).
- weight: relative frequency; blank means "by rank" (a Zipf-like tail, see names.py).
  Family names carry published shares where known (Nguyen ~38% of Vietnam, Kim ~21% of
  Korea, Wang/Li/Zhang ~7% each of China), so chance agreements happen as in real
  registers.
- native: Vietnamese with diacritics, simplified hanzi (CN), traditional (TW), hangul (KR).
- kanji: the Japanese-kanji form a residence card shows for CN, TW and KR nationals
  (dropped by names.py when CP932 cannot encode it).
"""

VN_FAMILY = """
Nguyen | グエン | 38.4 | Nguyễn
Tran | チャン | 12.1 | Trần
Le | レ/レー | 9.5 | Lê
Pham | ファム | 7.0 | Phạm
Hoang | ホアン/ホワン | 3.5 | Hoàng
Huynh | フイン | 1.6 | Huỳnh
Phan | ファン | 4.5 | Phan
Vu | ヴー/ブー | 2.2 | Vũ
Vo | ヴォー/ボー | 1.7 | Võ
Dang | ダン/ダーン | 2.1 | Đặng
Bui | ブイ | 2.0 | Bùi
Do | ドー/ド | 1.4 | Đỗ
Ho | ホー | 1.3 | Hồ
Ngo | ゴー/ゴ | 1.3 | Ngô
Duong | ズオン/ユオン | 1.0 | Dương
Ly | リー | 0.5 | Lý
Dinh | ディン | 0.6 | Đinh
Trinh | チン | 0.4 | Trịnh
Truong | チュオン | 0.5 | Trương
Doan | ドアン | 0.3 | Đoàn
Lam | ラム | 0.3 | Lâm
Luong | ルオン | 0.3 | Lương
Mai | マイ | 0.3 | Mai
Cao | カオ | 0.3 | Cao
Ha | ハー | 0.3 | Hà
Ta | ター/タ | 0.2 | Tạ
Chu | チュー | 0.1 | Chu
La | ラー | 0.1 | La
Kieu | キエウ | 0.1 | Kiều
Quach | クアック | 0.1 | Quách
Thai | タイ | 0.1 | Thái
Tong | トン | 0.1 | Tống
Lai | ライ | 0.1 | Lại
Vuong | ヴオン/ブオン | 0.1 | Vương
Trieu | チエウ | 0.1 | Triệu
Nong | ノン | 0.05 | Nông
Au | アウ | 0.05 | Âu
Tieu | ティエウ | 0.05 | Tiêu
Nghiem | ギエム | 0.05 | Nghiêm
"""

VN_MIDDLE_M = """
Van | ヴァン/バン | 40 | Văn
Duc | ドゥック/ドゥク | 10 | Đức
Minh | ミン | 9 | Minh
Quang | クアン | 8 | Quang
Huu | フウ/フー | 6 | Hữu
Thanh | タイン/タン | 6 | Thanh
Xuan | スアン | 4 | Xuân
Cong | コン | 4 | Công
Dinh | ディン | 4 | Đình
Ngoc | ゴック | 3 | Ngọc
Tien | ティエン | 2 | Tiến
Trung | チュン | 2 | Trung
Hoang | ホアン | 2 | Hoàng
Manh | マイン/マン | 2 | Mạnh
The | テー/テ | 2 | Thế
Tuan | トゥアン | 2 | Tuấn
Anh | アイン/アン | 2 | Anh
"""

VN_MIDDLE_F = """
Thi | ティ/ティー | 55 | Thị
Ngoc | ゴック | 8 | Ngọc
Thu | トゥー/トゥ | 6 | Thu
Thanh | タイン/タン | 5 | Thanh
Kim | キム | 4 | Kim
Hong | ホン | 4 | Hồng
Phuong | フオン | 3 | Phương
Thuy | トゥイ | 3 | Thùy
Minh | ミン | 3 | Minh
Bich | ビック | 2 | Bích
Mai | マイ | 2 | Mai
Khanh | カイン | 2 | Khánh
Hai | ハイ | 1 | Hải
My | ミー | 1 | Mỹ
Diem | ジエム | 1 | Diễm
"""

VN_GIVEN_M = """
Anh | アイン/アン | | Anh
Huy | フイ | | Huy
Hung | フン | | Hùng
Tuan | トゥアン | | Tuấn
Minh | ミン | | Minh
Duc | ドゥック/ドゥク | | Đức
Nam | ナム | | Nam
Long | ロン | | Long
Son | ソン | | Sơn
Hai | ハイ | | Hải
Dung | ズン/ユン | | Dũng
Cuong | クオン | | Cường
Thang | タン/ターン | | Thắng
Trung | チュン | | Trung
Hieu | ヒエウ/ヒエウー | | Hiếu
Quan | クアン | | Quân
Phong | フォン | | Phong
Tung | トゥン | | Tùng
Khanh | カイン | | Khánh
Dat | ダット | | Đạt
Vinh | ヴィン/ビン | | Vinh
Binh | ビン | | Bình
Hoang | ホアン | | Hoàng
Thanh | タイン/タン | | Thành
Tai | タイ | | Tài
Toan | トアン | | Toàn
Loc | ロック | | Lộc
Phuc | フック | | Phúc
Hau | ハウ | | Hậu
Tam | タム | | Tâm
Quang | クアン | | Quang
Khoa | コア | | Khoa
Tien | ティエン | | Tiến
Viet | ヴィエット/ビエット | | Việt
Thinh | ティン | | Thịnh
Nghia | ギア | | Nghĩa
Hoa | ホア | | Hòa
An | アン | | An
Bao | バオ | | Bảo
Kien | キエン | | Kiên
"""

VN_GIVEN_F = """
Linh | リン | | Linh
Huong | フオン/フーン | | Hương
Lan | ラン | | Lan
Trang | チャン | | Trang
Hoa | ホア | | Hoa
Phuong | フオン | | Phương
Thao | タオ | | Thảo
Ha | ハー/ハ | | Hà
Ngoc | ゴック | | Ngọc
Mai | マイ | | Mai
Hang | ハン | | Hằng
Nhung | ニュン | | Nhung
Thuy | トゥイ | | Thủy
Anh | アイン/アン | | Anh
Huyen | フエン/フイエン | | Huyền
Yen | イエン | | Yến
Nga | ガー/ガ | | Nga
Dung | ズン | | Dung
Hanh | ハイン/ハン | | Hạnh
Quynh | クイン | | Quỳnh
Trinh | チン | | Trinh
Loan | ロアン | | Loan
Thu | トゥー | | Thu
Tam | タム | | Tâm
Vy | ヴィー/ビー | | Vy
Nhi | ニー | | Nhi
Oanh | オアイン | | Oanh
Uyen | ウエン | | Uyên
Diep | ジエップ | | Diệp
Van | ヴァン/バン | | Vân
Giang | ザン/ジャン | | Giang
Hien | ヒエン | | Hiền
Tuyet | トゥエット | | Tuyết
Chau | チャウ | | Châu
Xuan | スアン | | Xuân
"""

CN_FAMILY = """
Wang | ワン/オウ | 7.1 | 王 | 王
Li | リー/リ | 7.0 | 李 | 李
Zhang | チャン/ジャン/チョウ | 6.4 | 张 | 張
Liu | リウ/リュウ | 5.4 | 刘 | 劉
Chen | チェン/チン | 4.6 | 陈 | 陳
Yang | ヤン/ヨウ | 3.1 | 杨 | 楊
Huang | ホアン/ファン/コウ | 2.3 | 黄 | 黄
Zhao | チャオ/ジャオ/チョウ | 2.2 | 赵 | 趙
Wu | ウー/ゴ | 2.0 | 吴 | 呉
Zhou | ジョウ/チョウ/シュウ | 1.9 | 周 | 周
Xu | シュー/ジョ | 1.5 | 徐 | 徐
Sun | スン/ソン | 1.5 | 孙 | 孫
Ma | マー/バ | 1.4 | 马 | 馬
Zhu | ジュー/チュー/シュ | 1.3 | 朱 | 朱
Hu | フー/コ | 1.3 | 胡 | 胡
Guo | グオ/カク | 1.2 | 郭 | 郭
He | ホー/ハー/カ | 1.2 | 何 | 何
Gao | ガオ/コウ | 1.1 | 高 | 高
Lin | リン | 1.1 | 林 | 林
Luo | ルオ/ラ | 1.0 | 罗 | 羅
Zheng | ジョン/チェン/テイ | 1.0 | 郑 | 鄭
Liang | リャン/リアン/リョウ | 0.9 | 梁 | 梁
Xie | シエ/シェ/シャ | 0.8 | 谢 | 謝
Song | ソン/ソウ | 0.8 | 宋 | 宋
Tang | タン/トウ | 0.8 | 唐 | 唐
Xu | シュー/キョ | 0.7 | 许 | 許
Han | ハン/カン | 0.7 | 韩 | 韓
Feng | フォン/フェン | 0.7 | 冯 | 馮
Deng | ドン/デン/トウ | 0.7 | 邓 | 鄧
Cao | ツァオ/ソウ | 0.7 | 曹 | 曹
Peng | ポン/ペン | 0.6 | 彭 | 彭
Zeng | ゾン/ツェン/ソウ | 0.6 | 曾 | 曾
Xiao | シャオ/ショウ | 0.6 | 肖 | 肖
Tian | ティエン/デン | 0.5 | 田 | 田
Dong | ドン/トウ | 0.5 | 董 | 董
Yuan | ユエン/エン | 0.5 | 袁 | 袁
Pan | パン/ハン | 0.5 | 潘 | 潘
Yu | ユー/ウ | 0.5 | 于 | 于
Jiang | ジャン/ジアン/ショウ | 0.5 | 蒋 | 蒋
Cai | ツァイ/サイ | 0.5 | 蔡 | 蔡
Yu | ユー/ヨ | 0.5 | 余 | 余
Du | ドゥ/ト | 0.5 | 杜 | 杜
Ye | イエ/ヨウ | 0.4 | 叶 | 葉
Cheng | チェン/テイ | 0.4 | 程 | 程
Su | スー/ソ | 0.4 | 苏 | 蘇
Wei | ウェイ/ギ | 0.4 | 魏 | 魏
Lu | ルー/ロ | 0.4 | 吕 | 呂
Ding | ディン/テイ | 0.4 | 丁 | 丁
Ren | レン/ニン | 0.4 | 任 | 任
Shen | シェン/シン | 0.4 | 沈 | 沈
Yao | ヤオ/ヨウ | 0.3 | 姚 | 姚
Lu | ルー/ロ | 0.3 | 卢 | 盧
Jiang | ジャン/コウ | 0.3 | 姜 | 姜
Cui | ツイ/サイ | 0.3 | 崔 | 崔
Zhong | ジョン/ショウ | 0.3 | 钟 | 鍾
Tan | タン | 0.3 | 谭 | 譚
Lu | ルー/リク | 0.3 | 陆 | 陸
Wang | ワン/オウ | 0.3 | 汪 | 汪
Fan | ファン/ハン | 0.3 | 范 | 范
Jin | ジン/キン | 0.3 | 金 | 金
Shi | シー/セキ | 0.3 | 石 | 石
Liao | リャオ/リョウ | 0.3 | 廖 | 廖
Jia | ジア/カ | 0.3 | 贾 | 賈
Xia | シア/カ | 0.3 | 夏 | 夏
Wei | ウェイ/イ | 0.2 | 韦 | 韋
Fu | フー | 0.2 | 付 | 付
Fang | ファン/ホウ | 0.2 | 方 | 方
Bai | バイ/ハク | 0.2 | 白 | 白
Zou | ゾウ/スウ | 0.2 | 邹 | 鄒
Meng | モン/モウ | 0.2 | 孟 | 孟
Xiong | ション/ユウ | 0.2 | 熊 | 熊
Qin | チン/シン | 0.2 | 秦 | 秦
Qiu | チウ/キュウ | 0.2 | 邱 | 邱
Jiang | ジャン/コウ | 0.2 | 江 | 江
Yin | イン | 0.2 | 尹 | 尹
Xue | シュエ/セツ | 0.2 | 薛 | 薛
Yan | イエン/エン | 0.2 | 闫 | 閻
Duan | ドゥアン/ダン | 0.2 | 段 | 段
Lei | レイ/ライ | 0.2 | 雷 | 雷
Hou | ホウ/コウ | 0.2 | 侯 | 侯
Long | ロン/リュウ | 0.2 | 龙 | 竜
Shi | シー/シ | 0.2 | 史 | 史
Tao | タオ/トウ | 0.2 | 陶 | 陶
Li | リー/レイ | 0.2 | 黎 | 黎
He | ホー/ガ | 0.2 | 贺 | 賀
Gu | グー/コ | 0.2 | 顾 | 顧
Mao | マオ/モウ | 0.2 | 毛 | 毛
Hao | ハオ/カク | 0.2 | 郝 | 郝
Gong | ゴン/キョウ | 0.2 | 龚 | 龔
Shao | シャオ/ショウ | 0.2 | 邵 | 邵
Wan | ワン/バン | 0.2 | 万 | 万
Qian | チエン/セン | 0.2 | 钱 | 銭
Yan | イエン/ゲン | 0.2 | 严 | 厳
Dai | ダイ/タイ | 0.1 | 戴 | 戴
Mo | モー/バク | 0.1 | 莫 | 莫
Kong | コン/コウ | 0.1 | 孔 | 孔
Xiang | シアン/ショウ | 0.1 | 向 | 向
Chang | チャン/ジョウ | 0.1 | 常 | 常
"""

CN_GIVEN_M = """
Wei | ウェイ/イ | | 伟 | 偉
Qiang | チャン/チアン/キョウ | | 强 | 強
Lei | レイ/ライ | | 磊 | 磊
Jun | ジュン/グン | | 军 | 軍
Yang | ヤン/ヨウ | | 洋 | 洋
Yong | ヨン/ユウ | | 勇 | 勇
Jie | ジエ/ジェ/ケツ | | 杰 | 傑
Tao | タオ/トウ | | 涛 | 涛
Ming | ミン/メイ | | 明 | 明
Chao | チャオ/チョウ | | 超 | 超
Gang | ガン/ゴウ | | 刚 | 剛
Ping | ピン/ヘイ | | 平 | 平
Hao | ハオ/コウ | | 浩 | 浩
Peng | ポン/ペン/ホウ | | 鹏 | 鵬
Yu | ユー/ウ | | 宇 | 宇
Bo | ボー/ハ | | 波 | 波
Jian | ジエン/ケン | | 健 | 健
Bin | ビン/ヒン | | 斌 | 斌
Kai | カイ/ガイ | | 凯 | 凱
Fei | フェイ/ヒ | | 飞 | 飛
Long | ロン/リュウ | | 龙 | 竜
Jianhua | ジエンホア/ケンカ | | 建华 | 建華
Zhiqiang | ジーチャン/シキョウ | | 志强 | 志強
Xiaoming | シャオミン/ギョウメイ | | 晓明 | 暁明
Haoran | ハオラン/コウゼン | | 浩然 | 浩然
Zixuan | ズーシュエン/シケン | | 子轩 | 子軒
Yuxuan | ユーシュエン/ウケン | | 宇轩 | 宇軒
Siyuan | スーユエン/シエン | | 思远 | 思遠
Junjie | ジュンジエ/シュンケツ | | 俊杰 | 俊傑
Wenbo | ウェンボー/ブンハク | | 文博 | 文博
Dong | ドン/トウ | | 东 | 東
Lin | リン | | 林 | 林
Xin | シン | | 鑫 | 鑫
Hui | ホイ/フイ/キ | | 辉 | 輝
Feng | フォン/ホウ | | 峰 | 峰
Chen | チェン/シン | | 晨 | 晨
Kang | カン/コウ | | 康 | 康
Zhen | ジェン/シン | | 振 | 振
"""

CN_GIVEN_F = """
Fang | ファン/ホウ | | 芳 | 芳
Na | ナー/ナ | | 娜 | 娜
Xiuying | シウイン/シュウエイ | | 秀英 | 秀英
Min | ミン/ビン | | 敏 | 敏
Jing | ジン/チン/セイ | | 静 | 静
Li | リー/レイ | | 丽 | 麗
Yan | イエン/ヤン/エン | | 艳 | 艶
Juan | ジュエン/ジュアン/ケン | | 娟 | 娟
Xiulan | シウラン/シュウラン | | 秀兰 | 秀蘭
Xia | シア/カ | | 霞 | 霞
Guiying | グイイン/ケイエイ | | 桂英 | 桂英
Hui | ホイ/フイ/ケイ | | 慧 | 慧
Ting | ティン/テイ | | 婷 | 婷
Xin | シン/キン | | 欣 | 欣
Xue | シュエ/セツ | | 雪 | 雪
Lin | リン | | 琳 | 琳
Haiyan | ハイイエン/カイエン | | 海燕 | 海燕
Yuxin | ユーシン/ウキン | | 雨欣 | 雨欣
Jiayi | ジアイー/カイ | | 佳怡 | 佳怡
Xinyi | シンイー/キンイ | | 欣怡 | 欣怡
Zihan | ズーハン/シカン | | 梓涵 | 梓涵
Yuhan | ユーハン/ウカン | | 雨涵 | 雨涵
Jiaqi | ジアチー/カキ | | 佳琪 | 佳琪
Lu | ルー/ロ | | 璐 | 璐
Dan | ダン/タン | | 丹 | 丹
Qian | チエン/セン | | 倩 | 倩
Ying | イン/エイ | | 颖 | 穎
Yun | ユン/ウン | | 云 | 雲
Mei | メイ/バイ | | 梅 | 梅
Hong | ホン/コウ | | 红 | 紅
Ling | リン/レイ | | 玲 | 玲
Qing | チン/セイ | | 晴 | 晴
Shuang | シュアン/ソウ | | 爽 | 爽
Xiaoyan | シャオイエン/ショウエン | | 晓燕 | 暁燕
Lili | リーリー/レイレイ | | 丽丽 | 麗麗
"""

TW_FAMILY = """
Chen | チェン/チン | 11.1 | 陳 | 陳
Lin | リン | 8.3 | 林 | 林
Huang | ホアン/ファン/コウ | 6.0 | 黃 | 黄
Chang | チャン/チョウ | 5.3 | 張 | 張
Lee/Li | リー/リ | 5.1 | 李 | 李
Wang | ワン/オウ | 4.1 | 王 | 王
Wu | ウー/ゴ | 4.0 | 吳 | 呉
Liu | リウ/リュウ | 3.2 | 劉 | 劉
Tsai | ツァイ/サイ | 2.9 | 蔡 | 蔡
Yang | ヤン/ヨウ | 2.6 | 楊 | 楊
Hsu | シュー/キョ | 2.3 | 許 | 許
Cheng | チェン/テイ | 1.9 | 鄭 | 鄭
Hsieh | シエ/シャ | 1.8 | 謝 | 謝
Hung | ホン/コウ | 1.5 | 洪 | 洪
Kuo | グオ/カク | 1.5 | 郭 | 郭
Chiu | チウ/キュウ | 1.5 | 邱 | 邱
Tseng | ツェン/ソウ | 1.4 | 曾 | 曾
Liao | リャオ/リョウ | 1.3 | 廖 | 廖
Lai | ライ | 1.3 | 賴 | 頼
Hsu | シュー/ジョ | 1.2 | 徐 | 徐
Chou | チョウ/シュウ | 1.2 | 周 | 周
Yeh | イエ/ヨウ | 1.2 | 葉 | 葉
Su | スー/ソ | 1.1 | 蘇 | 蘇
Chuang | チュアン/ソウ | 1.0 | 莊 | 荘
Lu | ルー/ロ | 1.0 | 呂 | 呂
Chiang | チアン/コウ | 0.9 | 江 | 江
Ho | ホー/カ | 0.8 | 何 | 何
Hsiao | シャオ/ショウ | 0.8 | 蕭 | 蕭
Lo | ルオ/ラ | 0.8 | 羅 | 羅
Kao | カオ/コウ | 0.8 | 高 | 高
"""

TW_GIVEN_M = """
Chia-Hao | ジアハオ/カゴウ | | 家豪 | 家豪
Kuan-Yu | グアンユー/カンウ | | 冠宇 | 冠宇
Chih-Ming | ジーミン/シメイ | | 志明 | 志明
Chun-Chieh | ジュンジエ/シュンケツ | | 俊傑 | 俊傑
Cheng-En | チェンエン/ショウオン | | 承恩 | 承恩
Tsung-Han | ゾンハン/ソウカン | | 宗翰 | 宗翰
Chien-Hung | ジエンホン/ケンコウ | | 建宏 | 建宏
Po-Han | ボーハン/ハクカン | | 柏翰 | 柏翰
Yen-Ting | イエンティン/ゲンテイ | | 彥廷 | 彦廷
Wei-Lun | ウェイルン/イリン | | 威倫 | 威倫
Chih-Hao | ジーハオ/シゴウ | | 志豪 | 志豪
Yu-Hsiang | ユーシャン/ウショウ | | 宇翔 | 宇翔
Cheng-Han | チェンハン/ショウカン | | 承翰 | 承翰
Tzu-Hao | ズーハオ/シゴウ | | 子豪 | 子豪
Chia-Wei | ジアウェイ/カイ | | 家瑋 | 家瑋
Ming-Hui | ミンホイ/メイキ | | 明輝 | 明輝
Wen-Chieh | ウェンジエ/ブンケツ | | 文傑 | 文傑
Shih-Chieh | シージエ/セイケツ | | 世傑 | 世傑
Kuo-Hua | グオホア/コクカ | | 國華 | 国華
Chin-Lung | ジンロン/キンリュウ | | 金龍 | 金竜
"""

TW_GIVEN_F = """
Ya-Ting | ヤーティン/ガテイ | | 雅婷 | 雅婷
Yi-Chun | イージュン/イクン | | 怡君 | 怡君
Hsin-Yi | シンイー/キンイ | | 欣怡 | 欣怡
Chia-Ying | ジアイン/カエイ | | 佳穎 | 佳穎
Shu-Fen | シューフェン/シュクフン | | 淑芬 | 淑芬
Mei-Ling | メイリン/ミレイ | | 美玲 | 美玲
Shu-Hui | シューホイ/シュクケイ | | 淑惠 | 淑恵
Yi-Chen | イーチェン/ギシン | | 宜蓁 | 宜蓁
Shih-Han | シーハン/シカン | | 詩涵 | 詩涵
Pei-Shan | ペイシャン/ハイサン | | 佩珊 | 佩珊
Ya-Wen | ヤーウェン/ガブン | | 雅雯 | 雅雯
Hui-Ju | ホイルー/ケイジョ | | 惠如 | 恵如
Chia-Hui | ジアホイ/カケイ | | 佳慧 | 佳慧
Yu-Ting | ユーティン/イクテイ | | 郁婷 | 郁婷
Hsiao-Wen | シャオウェン/ショウブン | | 筱雯 | 筱雯
Li-Hua | リーホア/レイカ | | 麗華 | 麗華
Mei-Hua | メイホア/ミカ | | 美華 | 美華
Wan-Ting | ワンティン/エンテイ | | 婉婷 | 婉婷
Pei-Yu | ペイユー/ハイユ | | 佩瑜 | 佩瑜
Chun-Mei | チュンメイ/シュンビ | | 春美 | 春美
"""

KR_FAMILY = """
Kim | キム | 21.5 | 김 | 金
Lee/Yi/Rhee | イ/リ/リー | 14.7 | 이 | 李
Park/Pak/Bak | パク/バク | 8.4 | 박 | 朴
Choi/Choe | チェ/チョイ | 4.7 | 최 | 崔
Jung/Jeong/Chung | チョン/ジョン | 4.4 | 정 | 鄭
Kang/Gang | カン | 2.3 | 강 | 姜
Cho/Jo | チョ/チョウ | 2.1 | 조 | 趙
Yoon/Yun | ユン | 2.1 | 윤 | 尹
Jang/Chang | チャン/ジャン | 2.0 | 장 | 張
Lim/Im | イム/リム | 1.7 | 임 | 林
Han | ハン | 1.5 | 한 | 韓
Oh | オ/オー | 1.5 | 오 | 呉
Seo/Suh | ソ/ソー | 1.5 | 서 | 徐
Shin/Sin | シン | 1.5 | 신 | 申
Kwon/Gwon | クォン/グォン | 1.4 | 권 | 権
Hwang | ファン | 1.4 | 황 | 黄
Ahn/An | アン | 1.4 | 안 | 安
Song | ソン | 1.3 | 송 | 宋
Jeon/Chun | チョン/ジョン | 1.3 | 전 | 全
Hong | ホン | 1.1 | 홍 | 洪
Yoo/Yu/Ryu | ユ/リュ | 1.0 | 유 | 柳
Ko/Go | コ | 0.9 | 고 | 高
Moon/Mun | ムン | 0.9 | 문 | 文
Yang | ヤン | 0.9 | 양 | 梁
Son | ソン | 0.9 | 손 | 孫
Bae | ペ/ベ | 0.8 | 배 | 裵
Baek/Paik | ペク/ベク | 0.7 | 백 | 白
Heo/Huh | ホ/ホー | 0.6 | 허 | 許
Nam | ナム | 0.5 | 남 | 南
Noh/Roh | ノ/ノー | 0.4 | 노 | 盧
"""

KR_GIVEN_M = """
Min-jun | ミンジュン | | 민준 | 敏俊
Ji-hoon | ジフン | | 지훈 | 志勲
Hyun-woo | ヒョヌ/ヒョンウ | | 현우 | 賢宇
Seung-hyun | スンヒョン | | 승현 | 承賢
Sung-min | ソンミン | | 성민 | 成敏
Dong-hyun | ドンヒョン | | 동현 | 東賢
Jae-won | ジェウォン | | 재원 | 在元
Young-ho | ヨンホ | | 영호 | 永浩
Jung-hoon | ジョンフン | | 정훈 | 正勲
Sang-woo | サンウ | | 상우 | 相宇
Joon-ho | ジュノ/ジュンホ | | 준호 | 俊浩
Min-ho | ミンホ | | 민호 | 敏浩
Jin-woo | ジヌ/ジンウ | | 진우
Sung-ho | ソンホ | | 성호 | 成浩
Kyung-soo | キョンス | | 경수
Do-yoon | ドユン | | 도윤
Seo-jun | ソジュン | | 서준
Woo-jin | ウジン | | 우진
Jun-seo | ジュンソ | | 준서
Tae-yang | テヤン | | 태양 | 太陽
"""

KR_GIVEN_F = """
Seo-yeon | ソヨン | | 서연
Ji-eun | ジウン | | 지은 | 智恩
Min-ji | ミンジ | | 민지 | 敏智
Su-bin | スビン | | 수빈 | 秀彬
Eun-ji | ウンジ | | 은지 | 恩智
Hye-jin | ヘジン | | 혜진 | 恵真
Soo-jin | スジン | | 수진 | 秀珍
Yu-na | ユナ | | 유나
Ji-min | ジミン | | 지민 | 智敏
Da-eun | ダウン/タウン | | 다은
Ji-yeon | ジヨン | | 지연
Mi-kyung | ミギョン/ミキョン | | 미경 | 美京
Eun-young | ウニョン/ウンヨン | | 은영 | 恩英
Hyun-jung | ヒョンジョン | | 현정 | 賢貞
Na-rae | ナレ | | 나래
Seo-yun | ソユン | | 서윤
Ha-eun | ハウン | | 하은
Ye-jin | イェジン | | 예진
Jung-eun | ジョンウン | | 정은 | 貞恩
Sun-hee | ソニ/ソンヒ | | 선희 | 善姫
"""

PH_FAMILY = """
Santos | サントス | 2.5
Reyes | レイエス/レジェス | 2.3
Cruz | クルス/クルズ | 2.0
Garcia | ガルシア | 1.8
Bautista | バウティスタ | 1.6
Mendoza | メンドーサ/メンドサ | 1.6
Dela Cruz | デラクルス/デラ クルス | 1.5
Torres | トーレス/トレス | 1.3
Flores | フローレス/フロレス | 1.3
Ramos | ラモス | 1.3
Villanueva | ビリャヌエバ/ヴィラヌエヴァ/ビラヌエバ | 1.1
Ocampo | オカンポ | 1.0
Castillo | カスティーヨ/カスティロ | 1.0
Rivera | リベラ/リヴェラ | 1.0
Gonzales | ゴンザレス | 1.0
Tomas | トマス | 0.9
Castro | カストロ | 0.9
Aquino | アキノ | 0.9
Lopez | ロペス | 0.9
Del Rosario | デルロサリオ/デル ロサリオ | 0.9
Fernandez | フェルナンデス | 0.8
Andrada | アンドラダ | 0.7
Navarro | ナバロ | 0.7
Mercado | メルカド | 0.7
Perez | ペレス | 0.7
De Leon | デレオン/デ レオン | 0.7
Salazar | サラザール/サラザル | 0.6
Aguilar | アギラル/アギラール | 0.6
Domingo | ドミンゴ | 0.6
Pascual | パスクアル | 0.6
Soriano | ソリアノ | 0.5
Manalo | マナロ | 0.5
Dizon | ディソン/ディゾン | 0.5
Valdez | バルデス | 0.5
Gutierrez | グティエレス | 0.5
Morales | モラレス | 0.5
Sarmiento | サルミエント | 0.3
Magbanua | マグバヌア | 0.3
Macaraeg | マカラエグ | 0.2
Dimaculangan | ディマクランガン | 0.2
"""

PH_GIVEN_M = """
John Paul/Jhon Paul | ジョン ポール
Mark | マーク
Jonathan | ジョナサン
Michael | マイケル
Christian | クリスチャン
John/Jhon | ジョン
Jose | ホセ
Joseph | ジョセフ
Angelo | アンジェロ
Jerome | ジェローム
Carlo | カルロ
Ryan | ライアン
Kenneth | ケネス
Jayson/Jason | ジェイソン
Rodel | ロデル
Ronald | ロナルド
Mark Anthony | マーク アンソニー
Juan | ホアン/フアン
Rommel | ロンメル
Arnel | アーネル
Jerico | ジェリコ
Joel | ジョエル
Reynaldo | レイナルド
Edgar | エドガー
"""

PH_GIVEN_F = """
Maria | マリア
Mary Grace | メアリー グレース/メリー グレース
Jennifer | ジェニファー
Mary Joy | メアリー ジョイ/メリー ジョイ
Angelica | アンジェリカ
Kristine/Christine | クリスティン
Michelle | ミシェル
Jocelyn | ジョセリン
Rowena | ロウェナ
Marites | マリテス
Maricel | マリセル
Jessa | ジェッサ
Rachelle | レイチェル
Lovely | ラブリー
Princess | プリンセス
Mary Ann | メアリー アン/メリー アン
Maria Cristina | マリア クリスティーナ
Analyn | アナリン
Rosalie | ロザリー
Janine | ジャニーン
"""

ID_FAMILY = """
Pratama | プラタマ
Saputra | サプトラ
Wijaya | ウィジャヤ
Kurniawan | クルニアワン
Santoso | サントソ
Hidayat | ヒダヤット/ヒダヤ
Setiawan | セティアワン
Nugroho | ヌグロホ
Susanto | スサント
Wibowo | ウィボウォ/ウィボオ
Purnomo | プルノモ
Siregar | シレガル
Simanjuntak | シマンジュンタク
Nasution | ナスティオン
Hasibuan | ハシブアン
Gunawan | グナワン
Suryadi | スルヤディ
Hakim | ハキム
Firmansyah | フィルマンシャー/フィルマンシャ
Ramadhan | ラマダン
Maulana | マウラナ
Permana | ペルマナ
"""

# Last names only women bear.
ID_FAMILY_F = """
Putri | プトリ
Sari | サリ
Lestari | レスタリ
Rahmawati | ラフマワティ
Utami | ウタミ
Handayani | ハンダヤニ
Wahyuni | ワフユニ
Anggraini | アングライニ
"""

ID_GIVEN_M = """
Muhammad/Muhamad/Mohammad | ムハマド/ムハンマド
Agus | アグス
Budi | ブディ
Eko | エコ
Adi | アディ
Ahmad | アフマド/アハマド
Andi | アンディ
Rizky/Rizki | リズキ/リズキー
Fajar | ファジャル
Dedi | デディ
Hendra | ヘンドラ
Yusuf | ユスフ
Arif | アリフ
Bayu | バユ
Dimas | ディマス
Putu | プトゥ
Made | マデ
Wayan | ワヤン
Joko | ジョコ
Rudi | ルディ
"""

ID_GIVEN_F = """
Dewi | デウィ
Sri | スリ
Nur | ヌル/ヌール
Rina | リナ
Siti | シティ
Dian | ディアン
Indah | インダ/インダー
Ayu | アユ
Fitri | フィトリ
Ratna | ラトナ
Wulan | ウラン
Yuni | ユニ
Lina | リナ
Nurul | ヌルル
Intan | インタン
Desi | デシ
Putri | プトリ
Eka | エカ
Rini | リニ
Mega | メガ
"""

NP_FAMILY = """
Shrestha | シュレスタ | 8
Tamang | タマン | 6
Gurung | グルン | 6
Magar | マガル/マガール | 6
Thapa | タパ/ターパ | 6
Rai | ライ | 5
Adhikari | アディカリ/アディカリー | 4
Sharma | シャルマ/シャルマー | 4
Karki | カルキ | 3
Bhandari | バンダリ | 3
Poudel | ポウデル/パウデル | 3
Khadka | カドカ | 2
Bhattarai | バッタライ | 2
Limbu | リンブ | 2
Sherpa | シェルパ | 2
Lama | ラマ | 2
KC | ケーシー | 2
Ghimire | ギミレ | 2
Basnet | バスネット | 2
Maharjan | マハルジャン | 2
Pandey | パンデ | 2
Acharya | アチャリャ/アチャルヤ | 2
Chaudhary | チョウダリ | 2
Neupane | ネウパネ | 1.5
Yadav | ヤダブ/ヤーダブ | 1.5
Bista | ビスタ | 1
Bhusal | ブサル | 1
Dahal | ダハル | 1
Subedi | スベディ | 1
Pokharel | ポカレル | 1
"""

NP_GIVEN_M = """
Suman | スマン
Ram | ラム
Bikash | ビカス/ビカシュ
Sunil | スニル
Prakash | プラカシュ
Krishna | クリシュナ
Ramesh | ラメシュ
Rajesh | ラジェシュ
Bishnu | ビシュヌ
Hari | ハリ
Deepak | ディパク/ディーパック
Santosh | サントシュ/サントス
Binod | ビノド
Sagar | サガル
Kiran | キラン
Nabin | ナビン
Dipesh | ディペシュ
Anil | アニル
Rabin | ラビン
Sanjay | サンジャイ
"""

NP_GIVEN_F = """
Sita | シタ/シーター
Anjali | アンジャリ
Gita | ギタ/ギーター
Sarita | サリタ
Sabina | サビナ
Sunita | スニタ
Kamala | カマラ
Laxmi | ラクシュミ
Pooja | プジャ/プージャ
Sushma | スシュマ
Manisha | マニシャ
Srijana | スリジャナ
Bimala | ビマラ
Rita | リタ
Asmita | アスミタ
Puja | プジャ
Nisha | ニシャ
Sangita | サンギタ
Radha | ラダ
Karuna | カルナ
"""

TH_GIVEN_M = """
Somchai | ソムチャイ
Somsak | ソムサック
Nattapong | ナッタポン
Kittisak | キッティサック
Anan | アナン
Thanawat | タナワット
Chaiwat | チャイワット
Prasert | プラスート/プラサート
Arthit | アーティット
Wichai | ウィチャイ
Surachai | スラチャイ
Pongsak | ポンサック
Narong | ナロン
Sompong | ソムポン
Thanakorn | タナコーン
Phongsathorn | ポンサトーン
Teerapat | ティーラパット
Jirayu | ジラユ
Kritsada | クリッサダー
Apichart | アピチャート
"""

TH_GIVEN_F = """
Siriporn | シリポーン
Supaporn | スパポーン
Wanida | ワニダー
Malee | マリー
Suda | スダー
Kanya | カンヤー
Pim | ピム
Ploy | プロイ
Nok | ノック
Kanokwan | カノックワン
Nattaya | ナッタヤー
Pattama | パッタマー
Ratana | ラッタナー
Sunisa | スニサー
Jintana | チンタナー
Duangjai | ドゥアンチャイ
Orathai | オラタイ
Pornthip | ポーンティップ
Sasithorn | サシトーン
Waraporn | ワラポーン
"""

# Thai family names are unique by law: built from two or three morphemes, a long tail.
TH_FAMILY_HEAD = """
Sri | シー
Wong | ウォン
Charoen | チャルーン
Boon | ブン
Suk | スック
Chai | チャイ
Thong | トーン
Rat | ラット
Kaew | ケーオ
Phon | ポン
Sang | サン
Jaroen | ジャルーン
Siri | シリ
Somboon | ソムブン
Ruang | ルアン
Kham | カム
Saeng | セーン
In | イン
Wat | ワット
Prasert | プラサート
"""

TH_FAMILY_TAIL = """
suk | スック
sawat | サワット
kul | クン
phan | パン
wong | ウォン
rat | ラット
porn | ポーン
sombat | ソムバット
chai | チャイ
thong | トーン
sakul | サクン
siri | シリ
charoen | チャルーン
wattana | ワッタナー
pradit | プラディット
yong | ヨン
sri | シー
mongkol | モンコン
niyom | ニヨム
rattana | ラッタナー
"""

# Myanmar names have no family name: two to four syllables, all given.
MM_HEAD_M = """
Aung | アウン
Kyaw | チョー
Zaw | ゾー
Min | ミン
Htet | テッ/ティッ
Ye | イェ
Thant | タン
Soe | ソー
Naing | ナイン
Win | ウィン
Myo | ミョー
Thura | トゥラ
Hein | ヘイン
Wai | ワイ
Lin | リン
Ko | コー
Nay | ネー
Tun | トゥン
Sai | サイ
Pyae | ピェー
"""

MM_HEAD_F = """
Khin | キン
Hnin | ニン
Su | スー
Ei | エイ
May | メイ
Thin | ティン
Aye | エー
Nang | ナン
Yin | イン
Phyu | ピュー
Thandar | タンダー
Moe | モー
San | サン
Nwe | ヌエ
Wint | ウィン
Zin | ジン
Hla | フラ
Nilar | ニラー
Cho | チョー
Thiri | ティリ
"""

MM_REST_M = """
Min | ミン
Htet | テッ
Aung | アウン
Kyaw | チョー
Oo | ウー
Lwin | ルウィン
Win | ウィン
Zaw | ゾー
Naing | ナイン
Hlaing | フライン
Thu | トゥ
Myat | ミャッ
Phyo | ピョー
Thant | タン
Soe | ソー
Paing | パイン
Khant | カン
Lin | リン
Thaw | トー
Hein | ヘイン
Myint | ミン
Htun | トゥン
Kyi | チー
"""

MM_REST_F = """
Mar | マー
Yadanar | ヤダナー
Nwe | ヌエ
Thandar | タンダー
Myat | ミャッ
Phyu | ピュー
Moe | モー
Ei | エイ
Zin | ジン
Hnin | ニン
Wai | ワイ
Thiri | ティリ
Khaing | カイン
Nandar | ナンダー
Aye | エー
San | サン
Htwe | トゥエ
Myint | ミン
Thu | トゥ
Lwin | ルウィン
"""

BR_FAMILY = """
Silva | シルバ/シルヴァ | 8
Santos | サントス | 5
Oliveira | オリベイラ/オリヴェイラ | 4
Souza/Sousa | ソウザ/ソーザ | 4
Pereira | ペレイラ | 3
Costa | コスタ | 2.5
Rodrigues | ロドリゲス | 2.5
Ferreira | フェレイラ | 2.5
Almeida | アルメイダ | 2
Nascimento | ナシメント | 2
Lima | リマ | 2
Carvalho | カルバーリョ/カルヴァリョ | 1.5
Gomes | ゴメス | 1.5
Martins | マルチンス/マルティンス | 1.5
Araujo | アラウジョ | 1.5
Ribeiro | リベイロ | 1.2
Barbosa | バルボーザ/バルボサ | 1.0
Sato | サトウ/サトー | 1.5
Suzuki | スズキ | 1.2
Takahashi | タカハシ | 1.0
Tanaka | タナカ | 1.0
Watanabe | ワタナベ | 0.9
Ito | イトウ/イトー | 0.9
Yamamoto | ヤマモト | 0.9
Nakamura | ナカムラ | 0.9
Kobayashi | コバヤシ | 0.8
Higa | ヒガ | 0.8
Oshiro | オオシロ/オシロ | 0.6
Miyagi | ミヤギ | 0.6
Kato | カトウ/カトー | 0.6
Yoshida | ヨシダ | 0.6
Matsumoto | マツモト | 0.5
"""

BR_GIVEN_M = """
Lucas | ルーカス/ルカス
Gabriel | ガブリエル
Rafael | ラファエル
Bruno | ブルーノ/ブルノ
Felipe | フェリペ
Thiago/Tiago | チアゴ/ティアゴ
Ricardo | リカルド
Paulo | パウロ
Eduardo | エドゥアルド
Marcos | マルコス
Rodrigo | ロドリゴ
Leonardo | レオナルド
Gustavo | グスタヴォ/グスタボ
Diego | ジエゴ/ディエゴ
Carlos | カルロス
Fernando | フェルナンド
Anderson | アンデルソン
Marcelo | マルセロ
Henrique | エンリケ
Joao | ジョアン
"""

BR_GIVEN_F = """
Ana | アナ
Maria | マリア
Juliana | ジュリアナ
Fernanda | フェルナンダ
Camila | カミラ
Mariana | マリアナ
Leticia | レチシア/レティシア
Larissa | ラリッサ
Beatriz | ベアトリス
Amanda | アマンダ
Bruna | ブルーナ
Patricia | パトリシア
Aline | アリーネ
Vanessa | ヴァネッサ/バネッサ
Jessica | ジェシカ
Carolina | カロリーナ
Natalia | ナタリア
Gabriela | ガブリエラ
Tatiane | タチアネ
Erika | エリカ
"""

PE_FAMILY = """
Quispe | キスペ | 4
Garcia | ガルシア | 3
Rodriguez | ロドリゲス | 3
Flores | フローレス | 3
Sanchez | サンチェス | 2.5
Gonzales | ゴンザレス | 2
Torres | トーレス | 2
Ramirez | ラミレス | 2
Mendoza | メンドーサ | 2
Rojas | ロハス | 2
Vasquez | バスケス | 2
Chavez | チャベス | 2
Diaz | ディアス | 1.5
Castillo | カスティーヨ | 1.5
Huaman | ワマン | 1.5
Mamani | ママニ | 1.5
Perez | ペレス | 1.5
Higa | ヒガ | 1
Tamashiro | タマシロ | 0.8
Nakamura | ナカムラ | 0.8
Kanashiro | カナシロ | 0.7
Oshiro | オオシロ/オシロ | 0.7
Yamashiro | ヤマシロ | 0.6
Shimabukuro | シマブクロ | 0.6
Arakaki | アラカキ | 0.5
Fujimori | フジモリ | 0.4
"""

PE_GIVEN_M = """
Jose | ホセ
Luis | ルイス
Carlos | カルロス
Juan | フアン/ホアン
Jorge | ホルヘ
Miguel | ミゲル
Cesar | セサル
Victor | ビクトル/ヴィクトル
Manuel | マヌエル
Javier | ハビエル
Oscar | オスカル
Ricardo | リカルド
Alberto | アルベルト
Daniel | ダニエル
Roberto | ロベルト
Jesus | ヘスス
Pedro | ペドロ
Raul | ラウル
Julio | フリオ
Walter | ワルテル/ウォルター
"""

PE_GIVEN_F = """
Maria | マリア
Rosa | ロサ
Ana | アナ
Carmen | カルメン
Patricia | パトリシア
Milagros | ミラグロス
Elizabeth | エリザベス
Gladys | グラディス
Juana | フアナ
Luz | ルス
Sonia | ソニア
Flor | フロール
Silvia | シルビア
Liliana | リリアナ
Marisol | マリソル
Giovanna | ジョバンナ
Karina | カリーナ
Yolanda | ヨランダ
Lucia | ルシア
Veronica | ベロニカ
"""

US_FAMILY = """
Smith | スミス | 1.0
Johnson | ジョンソン | 0.8
Williams | ウィリアムズ/ウイリアムズ | 0.7
Brown | ブラウン | 0.6
Jones | ジョーンズ | 0.6
Garcia | ガルシア | 0.5
Miller | ミラー | 0.5
Davis | デイビス/デイヴィス | 0.5
Rodriguez | ロドリゲス | 0.4
Martinez | マルティネス | 0.4
Wilson | ウィルソン | 0.4
Anderson | アンダーソン | 0.4
Taylor | テイラー | 0.4
Thomas | トーマス | 0.4
Lee | リー | 0.4
Moore | ムーア | 0.3
Jackson | ジャクソン | 0.3
Martin | マーティン | 0.3
White | ホワイト | 0.3
Harris | ハリス | 0.3
Clark | クラーク | 0.3
Lewis | ルイス | 0.3
Walker | ウォーカー | 0.3
Hall | ホール | 0.3
Young | ヤング | 0.3
Allen | アレン | 0.3
King | キング | 0.3
Wright | ライト | 0.3
Scott | スコット | 0.3
Nguyen | グエン | 0.2
Kim | キム | 0.2
Nelson | ネルソン | 0.2
Baker | ベイカー/ベーカー | 0.2
Campbell | キャンベル | 0.2
Mitchell | ミッチェル | 0.2
Roberts | ロバーツ | 0.2
Carter | カーター | 0.2
Phillips | フィリップス | 0.2
Evans | エバンス/エヴァンス | 0.2
Turner | ターナー | 0.2
"""

US_GIVEN_M = """
James | ジェームズ/ジェイムズ
John | ジョン
Robert | ロバート
Michael | マイケル
David | デイビッド/デビッド/デイヴィッド
William | ウィリアム
Christopher | クリストファー
Daniel | ダニエル
Matthew | マシュー
Joseph | ジョセフ
Andrew | アンドリュー
Ryan | ライアン
Joshua | ジョシュア
Brian | ブライアン
Kevin | ケビン/ケヴィン
Thomas | トーマス
Eric | エリック
Jason | ジェイソン
Justin | ジャスティン
Benjamin | ベンジャミン
"""

US_GIVEN_F = """
Mary | メアリー
Jennifer | ジェニファー
Emily | エミリー
Sarah | サラ
Jessica | ジェシカ
Ashley | アシュリー
Elizabeth | エリザベス
Amanda | アマンダ
Megan | メーガン/ミーガン
Rachel | レイチェル
Lauren | ローレン
Hannah | ハンナ
Rebecca | レベッカ
Nicole | ニコール
Katherine | キャサリン
Samantha | サマンサ
Laura | ローラ
Anna | アンナ
Michelle | ミシェル
Emma | エマ
"""

FR_FAMILY = """
Martin | マルタン | 1.0
Bernard | ベルナール | 0.6
Thomas | トマ | 0.5
Petit | プティ | 0.5
Robert | ロベール | 0.5
Richard | リシャール | 0.5
Durand | デュラン | 0.5
Dubois | デュボワ | 0.5
Moreau | モロー | 0.5
Laurent | ローラン | 0.5
Simon | シモン | 0.4
Michel | ミシェル | 0.4
Lefebvre | ルフェーヴル/ルフェーブル | 0.4
Leroy | ルロワ | 0.4
Roux | ルー | 0.3
David | ダヴィッド/ダビッド | 0.3
Bertrand | ベルトラン | 0.3
Morel | モレル | 0.3
Fournier | フルニエ | 0.3
Girard | ジラール | 0.3
Bonnet | ボネ | 0.3
Dupont | デュポン | 0.3
Lambert | ランベール | 0.3
Fontaine | フォンテーヌ | 0.3
Rousseau | ルソー | 0.3
Vincent | ヴァンサン/バンサン | 0.3
Muller | ミュレール | 0.3
Faure | フォール | 0.2
Andre | アンドレ | 0.2
Mercier | メルシエ | 0.2
"""

FR_GIVEN_M = """
Jean | ジャン
Pierre | ピエール
Nicolas | ニコラ
Julien | ジュリアン
Thomas | トマ
Antoine | アントワーヌ
Alexandre | アレクサンドル
Maxime | マキシム
Guillaume | ギヨーム
Romain | ロマン
Sebastien | セバスチャン/セバスティアン
Francois | フランソワ
Olivier | オリヴィエ/オリビエ
Benoit | ブノワ
Hugo | ユーゴ/ユゴー
Louis | ルイ
Vincent | ヴァンサン
Mathieu | マチュー
Jerome | ジェローム
Laurent | ローラン
"""

FR_GIVEN_F = """
Marie | マリー
Camille | カミーユ
Julie | ジュリー
Sophie | ソフィー
Claire | クレール
Lea | レア
Chloe | クロエ
Manon | マノン
Emilie | エミリー
Aurelie | オレリー
Celine | セリーヌ
Pauline | ポーリーヌ
Sarah | サラ
Laura | ロラ/ローラ
Helene | エレーヌ
Anne | アンヌ
Isabelle | イザベル
Nathalie | ナタリー
Charlotte | シャルロット
Elodie | エロディ
"""

IN_FAMILY = """
Kumar | クマール/クマル | 5
Singh | シン/シング | 4
Sharma | シャルマ/シャルマー | 3
Patel | パテル | 2.5
Reddy | レッディ/レディ | 1.5
Gupta | グプタ | 1.5
Das | ダス | 1.2
Rao | ラオ | 1.2
Khan | カーン/ハーン | 1.0
Nair | ナイル/ナーイル | 0.8
Verma | ヴェルマ/ベルマ | 0.8
Joshi | ジョシ | 0.7
Shah | シャー | 0.7
Iyer | アイヤー/アイエル | 0.6
Mehta | メータ/メフタ | 0.6
Mishra | ミシュラ | 0.6
Yadav | ヤダブ | 0.6
Pillai | ピライ | 0.4
Menon | メノン | 0.4
Chatterjee | チャタジー/チャタルジー | 0.4
Banerjee | バナジー/バネルジー | 0.4
Agarwal | アガルワル | 0.4
Jain | ジャイン | 0.4
Naidu | ナイドゥ | 0.3
Srinivasan | スリニバサン | 0.3
"""

IN_GIVEN_M = """
Rahul | ラフル/ラーフル
Amit | アミット
Anil | アニル
Vijay | ヴィジェイ/ビジェイ
Deepak | ディーパック
Arjun | アルジュン
Ravi | ラビ/ラヴィ
Sanjay | サンジャイ
Rohit | ロヒット
Suresh | スレシュ
Rajesh | ラジェシュ
Manoj | マノージ
Ashok | アショク
Vikram | ヴィクラム
Karthik | カーティク/カルティク
Praveen | プラヴィーン
Naveen | ナビーン
Sandeep | サンディープ
Abhishek | アビシェーク
Nitin | ニティン
"""

IN_GIVEN_F = """
Priya | プリヤ
Sunita | スニタ
Pooja | プージャ
Neha | ネハ
Kavita | カビタ
Anjali | アンジャリ
Divya | ディビヤ/ディヴィヤ
Lakshmi | ラクシュミ
Deepa | ディーパ
Meena | ミーナ
Swati | スワティ
Shreya | シュレヤ
Anita | アニタ
Rekha | レカ
Nisha | ニシャ
Aishwarya | アイシュワリヤ
Kavya | カヴィヤ
Sneha | スネハ
Ritu | リトゥ
Asha | アシャ
"""

LK_FAMILY = """
Perera | ペレラ | 5
Fernando | フェルナンド | 4
De Silva | デ シルバ/デシルバ | 3
Silva | シルバ | 2
Bandara | バンダラ | 2
Jayasinghe | ジャヤシンハ/ジャヤシンゲ | 1.5
Dissanayake | ディサナヤケ | 1.5
Kumara | クマラ | 1.5
Wickramasinghe | ウィクラマシンハ | 1.2
Herath | ヘラット/ヘーラト | 1.2
Rathnayake | ラトナヤケ | 1.2
Gunawardena | グナワルデナ | 1
Wijesinghe | ウィジェシンハ | 1
Rajapaksa | ラージャパクサ/ラジャパクサ | 0.8
Senanayake | セナナヤケ | 0.8
Jayawardena | ジャヤワルダナ | 0.8
Karunaratne | カルナラトネ | 0.8
Mendis | メンディス | 0.8
Weerasinghe | ウィーラシンハ | 0.8
Peiris | ペイリス | 0.6
"""

LK_GIVEN_M = """
Nimal | ニマル
Kamal | カマル
Sunil | スニル
Chaminda | チャミンダ
Nuwan | ヌワン
Tharindu | タリンドゥ
Kasun | カスン
Chathura | チャトゥラ
Lahiru | ラヒル
Dinesh | ディネシュ
Asanka | アサンカ
Ruwan | ルワン
Sampath | サンパット
Pradeep | プラディープ
Isuru | イスル
"""

LK_GIVEN_F = """
Dilini | ディリニ
Sanduni | サンドゥニ
Ishara | イシャラ
Malini | マリニ
Nadeesha | ナディーシャ
Chamari | チャマリ
Nirosha | ニローシャ
Sachini | サチニ
Tharushi | タルシ
Hansika | ハンシカ
Kumari | クマリ
Dilani | ディラニ
Anusha | アヌシャ
Samanthi | サマンティ
Shanika | シャニカ
"""

MN_FAMILY = """
Batbayar | バトバヤル | 1
Ganbaatar | ガンバートル/ガンバータル | 1
Bat-Erdene | バトエルデネ | 1
Erdene | エルデネ | 0.8
Enkhbayar | エンフバヤル | 0.8
Dorj | ドルジ | 0.8
Bold | ボルド | 0.7
Munkhbat | ムンフバト | 0.7
Tsogt | ツォグト | 0.6
Batsaikhan | バトサイハン | 0.6
Gantulga | ガントゥルガ | 0.6
Purev | プレブ/プレフ | 0.6
Otgonbayar | オトゴンバヤル | 0.5
Sukhbaatar | スフバートル | 0.5
Altangerel | アルタンゲレル | 0.5
Tumur | トゥムル | 0.5
Battulga | バトトルガ/バトゥルガ | 0.5
Ochir | オチル | 0.4
Davaa | ダワー | 0.4
Naran | ナラン | 0.4
"""

MN_GIVEN_M = """
Bat | バト
Temuulen | テムーレン
Munkhbat | ムンフバト
Batbold | バトボルド
Erdenebat | エルデネバト
Ganzorig | ガンゾリグ
Tuvshin | トゥブシン
Anar | アナル
Bilguun | ビルグーン
Enkhtuvshin | エンフトゥブシン
Sukhbat | スフバト
Tsogtbaatar | ツォグトバートル
Nyamdorj | ニャムドルジ
Amarbayar | アマルバヤル
Khuslen | ホスレン
"""

MN_GIVEN_F = """
Tsetseg | ツェツェグ
Enkhjargal | エンフジャルガル
Oyunchimeg | オユンチメグ
Bolormaa | ボロルマー
Khulan | ホラン/フラン
Sarnai | サルナイ
Gerel | ゲレル
Nomin | ノミン
Solongo | ソロンゴ
Ariunaa | アリウナー
Anujin | アヌジン
Odgerel | オドゲレル
Uranchimeg | ウランチメグ
Munkhzul | ムンフゾル
Enkhtuya | エンフトヤ
"""

KH_FAMILY = """
Sok | ソック | 5
Chea | チア | 2.5
Chan | チャン | 3
Kim | キム | 2
Heng | ヘン | 2
Meas | メアス | 1.5
Ly | リー | 1.5
Seng | セン | 1.5
Keo | ケオ | 1.5
Phan | ファン | 1
Touch | トウチ/トゥーチ | 1
Sam | サム | 1
Pen | ペン | 1
Mao | マオ | 1
Nov | ノウ | 0.8
Srey | スレイ | 0.8
Chhay | チャイ | 0.8
Hem | ヘム | 0.8
Long | ロン | 0.8
Sao | サオ | 0.8
Khim | キム | 0.6
Yim | イム | 0.6
Prak | プラック | 0.6
Chhim | チム | 0.6
Oeun | オウン | 0.4
"""

KH_GIVEN_M = """
Dara | ダラ
Sokha | ソカー/ソカ
Vannak | ヴァンナク/バンナク
Rithy | リティ
Visal | ヴィサル/ビサル
Kosal | コサル
Bunthoeun | ブントゥーン
Sophal | ソパル
Piseth | ピセット
Vuthy | ヴティ/ブティ
Sothea | ソテア
Samnang | サムナン
Chanthy | チャンティ
Sovann | ソワン
Veasna | ヴェアスナ
"""

KH_GIVEN_F = """
Sopheap | ソピアップ
Sreymom | スレイモム
Chanthou | チャントゥ
Bopha | ボパー
Sreyneang | スレイニアン
Sokunthea | ソクンテア
Channary | チャンナリー
Pisey | ピセイ
Dalin | ダリン
Sreyleak | スレイリアック
Leakhena | リアケナ
Mony | モニー
Kanha | カンハー
Sophea | ソピア
Thida | ティダー
"""
